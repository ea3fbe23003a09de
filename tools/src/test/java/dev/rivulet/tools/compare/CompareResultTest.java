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

    /** Three seeds per arm; spo reaches both targets faster, knapsack one seed never. */
    static CompareResult threeArms() {
        return new CompareResult(
                List.of(
                        curve("uniform-grpo", 0, 0.50, 0.52, 0.56, 0.60),
                        curve("uniform-grpo", 1, 0.50, 0.53, 0.55, 0.58),
                        curve("uniform-grpo", 2, 0.50, 0.51, 0.54, 0.56),
                        curve("spo", 0, 0.50, 0.58, 0.60, 0.61),
                        curve("spo", 1, 0.50, 0.57, 0.59, 0.60),
                        curve("spo", 2, 0.50, 0.56, 0.58, 0.62),
                        curve("knapsack-grpo", 0, 0.50, 0.55, 0.58, 0.59),
                        curve("knapsack-grpo", 1, 0.50, 0.50, 0.51, 0.52),
                        curve("knapsack-grpo", 2, 0.50, 0.54, 0.57, 0.58)));
    }

    @Test
    void twoTargetsWithRatiosAgainstTheBaseline() {
        var json = threeArms().toJson("uniform-grpo");
        assertThat(json.path("baseline").asText()).isEqualTo("uniform-grpo");
        var t1 = json.path("targets").get(0);
        var t2 = json.path("targets").get(1);
        // target 1: base 0.50 + 0.5 * (median final 0.58 - 0.50) = 0.54
        assertThat(t1.path("accuracy").asDouble()).isCloseTo(0.54, within());
        // target 2: uniform's median final accuracy, 0.58
        assertThat(t2.path("accuracy").asDouble()).isCloseTo(0.58, within());
        // target 1: uniform reaches 0.54 at 2000 in every seed; spo at 1000 in every seed
        var u1 = t1.path("arms").get(0);
        assertThat(u1.path("rollouts_per_seed").toString()).isEqualTo("[2000.0,2000.0,2000.0]");
        assertThat(u1.has("ratio_to_baseline")).isFalse();
        var spo1 = t1.path("arms").get(1).path("ratio_to_baseline");
        assertThat(spo1.path("point").asDouble()).isEqualTo(0.5);
        assertThat(spo1.path("bound").asText()).isEqualTo("exact");
        // target 2: uniform at 3000, 3000 and never (seed 2 ends at 0.56: its budget, 3000)
        var u2 = t2.path("arms").get(0);
        assertThat(u2.path("reached").asInt()).isEqualTo(2);
        assertThat(u2.path("censored_per_seed").toString()).isEqualTo("[false,false,true]");
        assertThat(u2.path("median_is_lower_bound").asBoolean()).isTrue();
        // spo at 1000, 2000, 2000 -> 2000 / 3000; knapsack 2000, never (3000), 3000 -> 3000/3000
        var spo2 = t2.path("arms").get(1).path("ratio_to_baseline");
        assertThat(spo2.path("point").asDouble()).isCloseTo(2.0 / 3, within());
        assertThat(spo2.path("bound").asText()).isEqualTo("at_most");
        var k2 = t2.path("arms").get(2).path("ratio_to_baseline");
        assertThat(k2.path("point").asDouble()).isEqualTo(1.0);
        assertThat(k2.path("bound").asText()).isEqualTo("unknown");
        assertThat(k2.path("ci95").get(0).asDouble())
                .isLessThanOrEqualTo(1.0)
                .isLessThanOrEqualTo(k2.path("ci95").get(1).asDouble());
        assertThat(json.path("ratio_method").path("resamples").asInt()).isEqualTo(2000);
        // final accuracies: uniform 0.60, 0.58, 0.56 (median 0.58); spo 0.61, 0.60, 0.62
        // (median 0.61): +3 points, and every resample of spo is above every resample of uniform
        // but 0.60 - 0.60: the interval is [+0, +6]
        var vs = json.path("arms").get(1).path("final_vs_baseline");
        assertThat(vs.path("difference").asDouble()).isCloseTo(0.03, within());
        assertThat(vs.path("lo").asDouble()).isCloseTo(0.0, within());
        assertThat(vs.path("hi").asDouble()).isCloseTo(0.06, within());
        assertThat(json.path("arms").get(0).has("final_vs_baseline")).isFalse();

        String table = threeArms().table(json);
        assertThat(table)
                .contains("target 2: held-out accuracy 0.580")
                .contains("<= 0.67 [")
                .contains("points vs uniform-grpo [95% CI]")
                .contains("+3.0 [+0.0, +6.0]")
                .contains("(baseline)");
    }

    @Test
    void withoutTheBaselineArmTheFirstArmIsTheBaseline() {
        CompareResult r =
                new CompareResult(
                        List.of(curve("spo", 0, 0.5, 0.6), curve("dapo", 0, 0.5, 0.55, 0.6)));
        var json = r.toJson("uniform-grpo");
        assertThat(json.path("baseline").asText()).isEqualTo("spo");
        assertThat(json.path("targets").get(1).path("arms").get(1).has("ratio_to_baseline"))
                .isTrue();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
