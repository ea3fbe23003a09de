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

    @Test
    void armsCarryTheMedianFinalPassAtKAndMeanAtKOfTheSeedsThatSampled() {
        List<double[]> pts = List.of(new double[] {0, 0.5}, new double[] {1000, 0.6});
        CompareResult r =
                new CompareResult(
                        List.of(
                                new RunCurve("grpo", 0, pts, 0.6, 0.5, 10, 1000, 0.80, 0.55),
                                new RunCurve("grpo", 1, pts, 0.6, 0.5, 10, 1000, 0.70, 0.45),
                                new RunCurve("grpo", 2, pts, 0.6, 0.5, 10, 1000, 0.90, 0.65),
                                // an older run without a sampled evaluation
                                new RunCurve("spo", 0, pts, 0.6, 0.5, 10, 1000)));
        var json = r.toJson("grpo");
        var grpo = json.path("arms").get(0);
        assertThat(grpo.path("final_pass_at_k").path("median").asDouble())
                .isCloseTo(0.80, within());
        assertThat(grpo.path("final_pass_at_k").path("min").asDouble()).isCloseTo(0.70, within());
        assertThat(grpo.path("final_mean_at_k").path("median").asDouble())
                .isCloseTo(0.55, within());
        var spo = json.path("arms").get(1);
        assertThat(spo.path("final_pass_at_k").path("median").isNull()).isTrue();
        String table = r.table(json);
        assertThat(table).contains("sampled held-out evaluation");
        assertThat(table).containsPattern("grpo +0\\.800 +0\\.550");
        assertThat(table).doesNotContainPattern("spo +(0|-)");
        // no arm sampled: no sampled table
        CompareResult none =
                new CompareResult(List.of(new RunCurve("spo", 0, pts, 0.6, 0.5, 10, 1000)));
        assertThat(none.table(none.toJson("spo"))).doesNotContain("sampled");
    }

    @Test
    void aCurveReadsTheSampledFiguresFromItsSummary() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var row = mapper.readTree("{\"ts\":1,\"rollouts\":0,\"correct\":1,\"total\":2}");
        var with = mapper.readTree("{\"final_pass_at_k\":0.75,\"final_mean_at_k\":0.5}");
        RunCurve c = RunCurve.of("a", 0, List.of(row), with);
        assertThat(c.finalPassAtK()).isEqualTo(0.75);
        assertThat(c.finalMeanAtK()).isEqualTo(0.5);
        RunCurve old = RunCurve.of("a", 0, List.of(row), mapper.readTree("{}"));
        assertThat(old.finalPassAtK()).isNaN();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
