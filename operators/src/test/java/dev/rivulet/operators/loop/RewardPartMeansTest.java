package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.telemetry.RolloutEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The running mean of each reward part per task: over the last WINDOW samples of that task and
 * part, new pairs reported once each, at most MAX_SERIES pairs, non-finite values skipped.
 */
class RewardPartMeansTest {

    private static RolloutEvent event(String task, Map<String, Double> parts) {
        return new RolloutEvent(
                0, "r", "p", task, 1, 0, 1, 0, 1, 2, 2, false, "STOP", parts, RolloutEvent.TRAIN);
    }

    private static final RewardPartMeans.Key ARITH_OK =
            new RewardPartMeans.Key("arith", "correctness");
    private static final RewardPartMeans.Key ARITH_FMT = new RewardPartMeans.Key("arith", "format");
    private static final RewardPartMeans.Key COUNT_OK =
            new RewardPartMeans.Key("count", "correctness");

    @Test
    void meansArePerTaskAndPartAndNewPairsAreReportedOnce() {
        RewardPartMeans means = new RewardPartMeans();
        List<RewardPartMeans.Key> added =
                means.record(
                        List.of(
                                event("arith", Map.of("correctness", 1.0, "format", 1.0)),
                                event("arith", Map.of("correctness", 0.0, "format", 0.5)),
                                event("count", Map.of("correctness", 0.25))));
        assertThat(added).containsExactlyInAnyOrder(ARITH_OK, ARITH_FMT, COUNT_OK);
        assertThat(means.mean(ARITH_OK)).isEqualTo(0.5);
        assertThat(means.mean(ARITH_FMT)).isEqualTo(0.75);
        assertThat(means.mean(COUNT_OK)).isEqualTo(0.25);
        assertThat(means.mean(new RewardPartMeans.Key("count", "format"))).isNaN();

        assertThat(means.record(List.of(event("count", Map.of("correctness", 0.75))))).isEmpty();
        assertThat(means.mean(COUNT_OK)).isEqualTo(0.5);
        means.record(List.of(event("count", Map.of("correctness", Double.NaN))));
        assertThat(means.mean(COUNT_OK)).as("a NaN part is skipped").isEqualTo(0.5);
    }

    @Test
    void theMeanCoversTheLastWindowOfSamples() {
        RewardPartMeans means = new RewardPartMeans();
        List<RolloutEvent> zeros = new ArrayList<>();
        for (int i = 0; i < RewardPartMeans.WINDOW; i++) {
            zeros.add(event("arith", Map.of("correctness", 0.0)));
        }
        means.record(zeros);
        List<RolloutEvent> ones = new ArrayList<>();
        for (int i = 0; i < RewardPartMeans.WINDOW / 4; i++) {
            ones.add(event("arith", Map.of("correctness", 1.0)));
        }
        means.record(ones);
        assertThat(means.mean(ARITH_OK))
                .isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void atMostMaxSeriesPairsAreTracked() {
        RewardPartMeans means = new RewardPartMeans();
        List<RolloutEvent> events = new ArrayList<>();
        for (int i = 0; i < RewardPartMeans.MAX_SERIES + 10; i++) {
            events.add(event("arith", Map.of("part" + i, 1.0)));
        }
        assertThat(means.record(events)).hasSize(RewardPartMeans.MAX_SERIES);
        assertThat(
                        means.mean(
                                new RewardPartMeans.Key(
                                        "arith", "part" + RewardPartMeans.MAX_SERIES)))
                .isNaN();
    }
}
