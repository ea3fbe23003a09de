package dev.rivulet.algo.shape;

import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.RewardBreakdown;
import java.util.Objects;

/**
 * One sample as a shaper sees it.
 *
 * @param reward the task's reward and its parts (correctness, format, ...)
 * @param features the response tokens, behaviour log-probs, finish reason and policy version
 * @param text the decoded response
 */
public record ShapingSample(RewardBreakdown reward, SampleFeatures features, String text) {

    public ShapingSample {
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(text, "text");
    }

    /** The task's scalar reward. */
    public double taskReward() {
        return reward.reward();
    }

    /** The response length in tokens. */
    public int length() {
        return features.length();
    }
}
