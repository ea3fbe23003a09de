package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
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

    private static PromptState stored(String id, float... reference) {
        return new PromptState(
                LoopTestData.prompt(id, 1),
                TRACKER,
                1,
                4,
                2,
                new int[] {5, 6},
                new int[] {7, 8, 9},
                reference);
    }

    private static final InflightCall CALL =
            new InflightCall(
                    0,
                    0,
                    List.of(
                            LoopTestData.request("s0-c0-p0", "a", 2),
                            LoopTestData.request("s0-c0-p1", "b", 2),
                            LoopTestData.request("s0-c0-p2", "gone", 2)));

    private static Completion completion(String requestId, String promptId, int i, int... tokens) {
        return new Completion(
                requestId,
                promptId,
                i,
                new int[] {1, 2},
                tokens,
                new float[tokens.length],
                "x",
                3,
                FinishReason.STOP);
    }

    /** Sample 1 answered before sample 0: the last sample is the one with the highest index. */
    private static final List<Completion> ANSWER =
            List.of(
                    completion("s0-c0-p0", "a", 1, 41, 42),
                    completion("s0-c0-p0", "a", 0, 40),
                    completion("s0-c0-p1", "b", 0, 50),
                    completion("s0-c0-p1", "b", 1, 51, 52, 53),
                    completion("s0-c0-p2", "gone", 0, 60));

    @Test
    void rescoresTheStoredResponsesWithAReferenceAndTheLastNewResponseOfEachPrompt()
            throws Exception {
        Map<String, PromptState> states = Map.of("a", stored("a", -1f, -2f, -3f), "b", fresh("b"));
        List<ScoreRequest> requests = new KlRescoring(true).requests(CALL, ANSWER, states::get);
        assertThat(requests)
                .containsExactly(
                        new ScoreRequest("stored:a", new int[] {5, 6}, new int[] {7, 8, 9}),
                        new ScoreRequest("new:a", new int[] {1, 2}, new int[] {41, 42}),
                        new ScoreRequest("new:b", new int[] {1, 2}, new int[] {51, 52, 53}));
    }

    @Test
    void aStoredResponseWithoutAReferenceIsNotRescored() throws Exception {
        Map<String, PromptState> states = Map.of("a", stored("a"), "b", fresh("b"));
        assertThat(new KlRescoring(true).requests(CALL, ANSWER, states::get))
                .extracting(ScoreRequest::sequenceId)
                .containsExactly("new:a", "new:b");
    }

    @Test
    void rescoresNothingWhenDisabledOrForAPriorCall() throws Exception {
        KlRescoring.Lookup unread =
                id -> {
                    throw new AssertionError("the pool is read with rescoring off");
                };
        assertThat(new KlRescoring(false).requests(CALL, ANSWER, unread)).isEmpty();
        InflightCall prior = new InflightCall(0, 0, CALL.requests(), true);
        assertThat(new KlRescoring(true).requests(prior, ANSWER, unread)).isEmpty();
    }

    @Test
    void theDivergenceIsTheMeanAbsoluteChangeAgainstTheReference() {
        Map<String, PromptState> states =
                Map.of("a", stored("a", -1f, -2f, -3f), "b", stored("b", -0.5f, -0.5f));
        KlRescoring.Measured m =
                KlRescoring.read(
                        List.of(
                                new ScoreResult("stored:a", new float[] {-1.5f, -1f, -3f}, 1),
                                // only the common prefix counts: |-0.5 - -0.25| = 0.25
                                new ScoreResult("stored:b", new float[] {-0.25f}, 1),
                                new ScoreResult("stored:gone", new float[] {-1f}, 1),
                                new ScoreResult("new:a", new float[] {-4f, -5f}, 1)),
                        states);
        assertThat(m.divergence()).containsOnlyKeys("a", "b");
        assertThat(m.divergence().get("a")).isCloseTo((0.5 + 1.0 + 0.0) / 3, within(1e-9));
        assertThat(m.divergence().get("b")).isCloseTo(0.25, within(1e-9));
        assertThat(m.references()).containsOnlyKeys("a");
        assertThat(m.references().get("a")).containsExactly(-4f, -5f);
    }

    @Test
    void noLogprobsMeanNoDivergence() {
        KlRescoring.Measured m =
                KlRescoring.read(
                        List.of(new ScoreResult("stored:a", new float[0], 1)),
                        Map.of("a", stored("a", -1f)));
        assertThat(m.divergence()).containsEntry("a", 0.0);
    }

    @Test
    void theNewResponseKeepsItsRescoredLogprobsAsReferenceOrNoneWhenNotRescored() {
        PromptState next = stored("a", -9f, -9f, -9f);
        KlRescoring.Measured m =
                new KlRescoring.Measured(Map.of(), Map.of("a", new float[] {-1f, -2f, -3f}));
        KlRescoring on = new KlRescoring(true);
        PromptState kept = on.withReference("a", next, m);
        assertThat(kept.lastResponseTokens()).containsExactly(7, 8, 9);
        assertThat(kept.lastLogprobs()).containsExactly(-1f, -2f, -3f);

        PromptState lost = on.withReference("a", next, KlRescoring.Measured.NONE);
        assertThat(lost.hasStoredResponse()).as("a failed rescoring stores nothing").isFalse();
        assertThat(lost.lastLogprobs()).isEmpty();

        assertThat(new KlRescoring(false).withReference("a", next, m)).isSameAs(next);
    }
}
