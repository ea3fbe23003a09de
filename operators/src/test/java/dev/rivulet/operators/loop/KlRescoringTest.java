package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KlRescoringTest {

    private static final TrackerState TRACKER =
            LoopStrategies.from(LoopTestData.config(1, 1, 1, false, false)).tracker().initial();

    private static PromptState fresh(String id) {
        return PromptState.fresh(LoopTestData.prompt(id, 1), TRACKER);
    }

    private static PromptState stored(String id, float... logprobs) {
        return new PromptState(
                LoopTestData.prompt(id, 1),
                TRACKER,
                1,
                4,
                2,
                new int[] {5, 6},
                new int[] {7, 8, 9},
                logprobs);
    }

    private static final InflightCall CALL =
            new InflightCall(
                    0,
                    0,
                    List.of(
                            LoopTestData.request("s0-c0-p0", "a", 4),
                            LoopTestData.request("s0-c0-p1", "b", 4),
                            LoopTestData.request("s0-c0-p2", "gone", 4)));

    @Test
    void rescoresTheStoredResponsesOfTheCallsPromptsWhenEnabled() throws Exception {
        Map<String, PromptState> states = Map.of("a", stored("a", -1f, -2f, -3f), "b", fresh("b"));
        List<ScoreRequest> requests = new KlRescoring(true).requests(CALL, states::get);
        assertThat(requests)
                .containsExactly(new ScoreRequest("a", new int[] {5, 6}, new int[] {7, 8, 9}));
    }

    @Test
    void rescoresNothingWhenDisabledOrWithoutStoredResponses() throws Exception {
        KlRescoring.Lookup unread =
                id -> {
                    throw new AssertionError("the pool is read with rescoring off");
                };
        assertThat(new KlRescoring(false).requests(CALL, unread)).isEmpty();
        Map<String, PromptState> fresh = Map.of("a", fresh("a"), "b", fresh("b"));
        assertThat(new KlRescoring(true).requests(CALL, fresh::get)).isEmpty();
    }

    @Test
    void theDivergenceIsTheMeanAbsoluteChangeOfTheLogprobs() {
        Map<String, PromptState> states =
                Map.of("a", stored("a", -1f, -2f, -3f), "b", stored("b", -0.5f, -0.5f));
        Map<String, Double> d =
                KlRescoring.divergence(
                        List.of(
                                new ScoreResult("a", new float[] {-1.5f, -1f, -3f}, 1),
                                // only the common prefix counts: |-0.5 - -0.25| = 0.25
                                new ScoreResult("b", new float[] {-0.25f}, 1),
                                new ScoreResult("gone", new float[] {-1f}, 1)),
                        states);
        assertThat(d).containsOnlyKeys("a", "b");
        assertThat(d.get("a")).isCloseTo((0.5 + 1.0 + 0.0) / 3, within(1e-9));
        assertThat(d.get("b")).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void noLogprobsMeanNoDivergence() {
        Map<String, Double> d =
                KlRescoring.divergence(
                        List.of(new ScoreResult("a", new float[0], 1)),
                        Map.of("a", stored("a", -1f)));
        assertThat(d).containsEntry("a", 0.0);
    }
}
