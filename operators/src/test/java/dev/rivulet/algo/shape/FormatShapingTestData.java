package dev.rivulet.algo.shape;

import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.RewardBreakdown;
import dev.rivulet.protocol.FinishReason;
import java.util.List;

/** Samples whose task reward carries a {@code format} part, for the format-aware shaper tests. */
final class FormatShapingTestData {

    private FormatShapingTestData() {}

    /** A sample with task reward {@code reward}, format part {@code format}, and its features. */
    static ShapingSample sample(
            double reward, boolean format, int length, long version, String text) {
        return new ShapingSample(
                RewardBreakdown.correctness(reward).with(RewardBreakdown.FORMAT, format),
                new SampleFeatures(
                        new int[length],
                        new float[length],
                        new float[0],
                        FinishReason.STOP,
                        version),
                text);
    }

    /** A group of these samples for {@link ShapingTestData#PROMPT}. */
    static ShapingGroup group(ShapingSample... samples) {
        return new ShapingGroup(ShapingTestData.PROMPT, List.of(samples));
    }
}
