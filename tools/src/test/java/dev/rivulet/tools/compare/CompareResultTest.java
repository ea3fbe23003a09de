package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The target rule and rollouts-to-target, on hand-made curves. */
class CompareResultTest {

    private static RunCurve curve(String arm, int seed, double... accuracyEvery1000) {
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < accuracyEvery1000.length; i++) {
            points.add(new double[] {i * 1000.0, accuracyEvery1000[i]});
        }
        return new RunCurve(
                arm,
                seed,
                points,
                accuracyEvery1000[accuracyEvery1000.length - 1],
                0.5,
                10,
                (accuracyEvery1000.length - 1) * 1000L);
    }

    @Test
    void targetIsHalfTheBaselineGainButNeverAtTheBase() {
        CompareResult improving =
                new CompareResult(
                        List.of(
                                curve("uniform-grpo", 0, 0.50, 0.55, 0.60),
                                curve("spo", 0, 0.50, 0.56, 0.62)));
        assertThat(improving.target("uniform-grpo")).isCloseTo(0.55, within());
        var json = improving.toJson("uniform-grpo");
        assertThat(json.path("arms").get(1).path("rollouts_to_target").path("median").asDouble())
                .isEqualTo(1000.0);

        // the baseline got worse: half its "gain" would lie below the base and every arm would
        // reach it at 0 rollouts; the target stays MIN_TARGET_GAIN above the base instead
        CompareResult worse =
                new CompareResult(
                        List.of(
                                curve("uniform-grpo", 0, 0.60, 0.58, 0.57),
                                curve("spo", 0, 0.60, 0.61, 0.63)));
        assertThat(worse.target("uniform-grpo")).isCloseTo(0.62, within());
        var w = worse.toJson("uniform-grpo");
        assertThat(w.path("arms").get(0).path("rollouts_to_target").path("reached").asInt())
                .isZero();
        assertThat(w.path("arms").get(1).path("rollouts_to_target").path("median").asDouble())
                .isEqualTo(2000.0);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
