package dev.rivulet.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tables and JSON fields of {@code bench fleet}, from a hand-made result. */
class FleetReportTest {

    private static FleetBench.Result result() {
        return new FleetBench.Result(
                FleetBench.Options.defaults(),
                List.of(
                        new FleetBench.ScalePoint(1, 150, 1, 0.1, 0.98, 10),
                        new FleetBench.ScalePoint(8, 1140, 7.6, 0.7, 0.95, 80)),
                new FleetBench.TargetRun("streaming", true, 40, 90, 0.71, 20000, 0.8, 0.9),
                new FleetBench.TargetRun("sync", true, 70, 80, 0.70, 18000, 0.4, 0.5));
    }

    @Test
    void theTablesHoldEveryRunAndTheRatio() {
        String md = FleetReport.markdown(result());
        assertThat(md)
                .contains("| 1 | 150.0 | 1.00× | 0.10 | 0.98 |")
                .contains("| 8 | 1140.0 | 7.60× | 0.70 | 0.95 |")
                .contains("| streaming | yes | 40.0 | 90 | 0.710 | 20000 | 0.80 | 0.90 |")
                .contains("| sync | yes | 70.0 | 80 | 0.700 | 18000 | 0.40 | 0.50 |")
                .contains("sync/streaming wall-time ratio: 1.75×");
    }

    @Test
    void theJsonCarriesTheSettingsAndTheRatio() {
        Map<String, Object> json = FleetReport.json(result());
        assertThat(json)
                .containsEntry("benchmark", "fleet")
                .containsEntry("generator_ms_per_token", 2.0)
                .containsEntry("sync_over_streaming_wall", 1.75);
        assertThat((List<?>) json.get("scaling")).hasSize(2);
    }
}
