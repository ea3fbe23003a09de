package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compare read back from the docs/results layout: curves.tsv and per-run summaries. */
class CompareFromCurvesTest {

    @TempDir Path dir;

    private void summary(String run, double fin) throws Exception {
        Files.writeString(
                dir.resolve("summary-" + run + ".json"),
                "{\"final_accuracy\": "
                        + fin
                        + ", \"effective_gradient_ratio\": 0.5, \"rollouts_generated\": 2000}");
    }

    @Test
    void readsCurvesAndSummariesBaselineFirst() throws Exception {
        Files.writeString(
                dir.resolve("curves.tsv"),
                "run\trollouts\theld_out_accuracy\n"
                        + "spo-s0\t0\t0.5\nspo-s0\t1000\t0.6\nspo-s0\t2000\t0.62\n"
                        + "uniform-grpo-s0\t0\t0.5\nuniform-grpo-s0\t1000\t0.52\n"
                        + "uniform-grpo-s0\t2000\t0.58\n");
        summary("spo-s0", 0.62);
        summary("uniform-grpo-s0", 0.58);
        CompareResult r = CompareRunner.fromCurves(dir);
        assertThat(r.armNames()).containsExactly("uniform-grpo", "spo");
        var json = r.toJson("uniform-grpo");
        // target 1: 0.5 + 0.5 * 0.08 = 0.54: uniform at 2000, spo at 1000
        var spo = json.path("targets").get(0).path("arms").get(1);
        assertThat(spo.path("ratio_to_baseline").path("point").asDouble()).isEqualTo(0.5);
        // no training_seconds in these summaries: unknown, not 0
        assertThat(json.path("arms").get(0).path("wall_seconds").isNull()).isTrue();
        assertThat(r.table(json)).contains("n/a");
    }

    @Test
    void aRunWithoutItsSummaryFailsNamingIt() throws Exception {
        Files.writeString(
                dir.resolve("curves.tsv"), "run\trollouts\theld_out_accuracy\nx-s0\t0\t0.5\n");
        assertThatThrownBy(() -> CompareRunner.fromCurves(dir))
                .hasMessageContaining("'x-s0'")
                .hasMessageContaining("summary-x-s0.json");
    }
}
