package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.RewardBreakdown;
import dev.rivulet.algo.shape.RewardShaper;
import dev.rivulet.algo.shape.ShapedRewards;
import dev.rivulet.algo.shape.ShapingGroup;
import dev.rivulet.algo.shape.ShapingSample;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hands a visit to the reward shaper and merges its extra parts into telemetry's reward parts. */
final class VisitShaping {

    private VisitShaping() {}

    /** The shaped rewards of a visit, one per completion; fails if the shaper returns too few. */
    static ShapedRewards shape(
            RewardShaper shaper,
            Prompt prompt,
            List<Completion> group,
            RewardBreakdown[] rewards,
            List<SampleFeatures> features) {
        List<ShapingSample> samples = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            samples.add(new ShapingSample(rewards[i], features.get(i), group.get(i).text()));
        }
        ShapedRewards shaped = shaper.shape(new ShapingGroup(prompt, samples));
        if (shaped.size() != group.size()) {
            throw new IllegalStateException(
                    "reward shaper "
                            + shaper.getClass().getSimpleName()
                            + " returned "
                            + shaped.size()
                            + " rewards for a group of "
                            + group.size());
        }
        return shaped;
    }

    /** The task's reward parts of sample {@code i} followed by the shaper's extra parts. */
    static Map<String, Double> parts(RewardBreakdown task, ShapedRewards shaped, int i) {
        RewardBreakdown all = task;
        for (Map.Entry<String, Double> e : shaped.parts().get(i).entrySet()) {
            all = all.with(e.getKey(), e.getValue());
        }
        return all.parts();
    }
}
