package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPO's drift D through the loop, against a fake scoring client whose log-probs the test sets: D is
 * the mean absolute change of the stored response's log-probs between the rescoring at its visit
 * (the reference) and the rescoring at the next visit, and reaches the beta-kl tracker as ρ.
 */
class KlDriftTest {

    private static final float BEHAVIOUR = -0.5f;

    private final MemoryShardState state = new MemoryShardState();

    /** The fake scoring client: log-probs by response tokens, and every request it was sent. */
    private final Map<String, float[]> weights = new HashMap<>();

    private final List<ScoreRequest> asked = new ArrayList<>();

    private List<ScoreResult> score(List<ScoreRequest> requests) {
        List<ScoreResult> out = new ArrayList<>();
        for (ScoreRequest r : requests) {
            asked.add(r);
            float[] lp = weights.get(Arrays.toString(r.responseTokens()));
            out.add(new ScoreResult(r.sequenceId(), lp, 1));
        }
        return out;
    }

    private static ShardLoop loop(boolean klAdaptive) {
        RolloutLoopConfig config =
                LoopTestData.spo(1, 1, false, klAdaptive, Map.of("prior-samples", "0"));
        return new ShardLoop(
                config, LoopStrategies.from(config), new VersionGate(false, 0, () -> 0L));
    }

    /** One visit of the only prompt: one sample of {@code tokens} answering {@code text}. */
    private void visit(ShardLoop loop, String text, int... tokens) throws Exception {
        InflightCall call = loop.plan(0, state).calls().get(0);
        GenerationRequest r = call.requests().get(0);
        float[] behaviour = new float[tokens.length];
        Arrays.fill(behaviour, BEHAVIOUR);
        List<Completion> answer =
                List.of(
                        new Completion(
                                r.requestId(),
                                r.promptId(),
                                0,
                                new int[] {1, 2},
                                tokens,
                                behaviour,
                                text,
                                1,
                                FinishReason.STOP));
        loop.finish(0, call, answer, score(loop.rescoring(call, answer, state)), state);
        loop.release(call, state);
    }

    private TrackerState tracker() {
        return state.pool.get("p0").tracker();
    }

    @Test
    void theDriftFedToTheTrackerIsTheChangeOfTheStoredResponseBetweenTwoRescorings()
            throws Exception {
        ShardLoop loop = loop(true);
        loop.admit(LoopTestData.prompt("p0", 0), state); // 0+1= : "1" is right
        weights.put("[11, 12]", new float[] {-1f, -2f});

        visit(loop, "1", 11, 12);
        assertThat(asked).extracting(ScoreRequest::sequenceId).containsExactly("new:p0");
        // first visit: D = 0, rho = 0.96; alpha = 0.96 * 0.5 + 1, beta = 0.96 * 0.5 + 0
        assertThat(tracker().alpha()).isCloseTo(1.48, within(1e-12));
        assertThat(tracker().beta()).isCloseTo(0.48, within(1e-12));
        assertThat(state.pool.get("p0").lastLogprobs())
                .as("the reference is the rescoring, not the behaviour log-probs")
                .containsExactly(-1f, -2f);

        // the weights move: the stored response's log-probs change by 2^-7 per token
        weights.put("[11, 12]", new float[] {-1.0078125f, -1.9921875f});
        weights.put("[21]", new float[] {-3f});
        asked.clear();
        visit(loop, "x", 21);
        assertThat(asked)
                .containsExactly(
                        new ScoreRequest("stored:p0", new int[] {1, 2}, new int[] {11, 12}),
                        new ScoreRequest("new:p0", new int[] {1, 2}, new int[] {21}));
        // D = 0.0078125, rho = 2^(-D / 0.06) = 0.9136994973 (inside [0.875, 0.96]); reward 0
        double rho = 0.9136994973209132;
        assertThat(tracker().alpha()).isCloseTo(rho * 1.48, within(1e-9));
        assertThat(tracker().beta()).isCloseTo(rho * 0.48 + 1, within(1e-9));
        assertThat(state.pool.get("p0").lastResponseTokens()).containsExactly(21);
        assertThat(state.pool.get("p0").lastLogprobs()).containsExactly(-3f);
    }

    @Test
    void aFailedRescoringStoresNoReferenceSoTheNextDriftIsZero() throws Exception {
        ShardLoop loop = loop(true);
        loop.admit(LoopTestData.prompt("p0", 0), state);
        InflightCall call = loop.plan(0, state).calls().get(0);
        GenerationRequest r = call.requests().get(0);
        List<Completion> answer =
                LoopTestData.completions(r, 1, new float[] {BEHAVIOUR, BEHAVIOUR}, "1");
        loop.finish(0, call, answer, List.of(), state); // the score call failed
        loop.release(call, state);
        assertThat(state.pool.get("p0").hasStoredResponse()).isFalse();

        weights.put("[0]", new float[] {-7f});
        visit(loop, "1", 0);
        assertThat(asked).extracting(ScoreRequest::sequenceId).containsExactly("new:p0");
        // both visits at rho = 0.96: alpha = 0.96 * 1.48 + 1, beta = 0.96 * 0.48
        assertThat(tracker().alpha()).isCloseTo(0.96 * 1.48 + 1, within(1e-12));
        assertThat(tracker().beta()).isCloseTo(0.96 * 0.48, within(1e-12));
    }

    @Test
    void rescoringOffSendsNothingAndDiscountsAtTheFirstVisitRate() throws Exception {
        ShardLoop loop = loop(false);
        loop.admit(LoopTestData.prompt("p0", 0), state);
        weights.put("[11, 12]", new float[] {-1f, -2f});
        visit(loop, "1", 11, 12);
        weights.put("[11, 12]", new float[] {-5f, -5f});
        visit(loop, "1", 11, 12);
        assertThat(asked).isEmpty();
        assertThat(tracker().alpha()).isCloseTo(0.96 * 1.48 + 1, within(1e-12));
        assertThat(tracker().beta()).isCloseTo(0.96 * 0.48, within(1e-12));
    }
}
