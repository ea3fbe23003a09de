package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.hint.Exemplar;
import dev.rivulet.algo.hint.HintState;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code xrpo-seed} in the loop: a solved prompt's correct answer enters the shard's exemplar
 * store, and a zero-reward prompt's next request carries it in context; the seeded rollouts train
 * on the plain prompt's tokens with the hinted behaviour log-probs.
 */
class XrpoSeedLoopTest {

    private final MemoryShardState state = new MemoryShardState();

    /** Uniform, two prompts per call, n = 4 rollouts, GRPO, xrpo-seed with k = 4. */
    private static RolloutLoopConfig xrpoSeed() {
        return LoopTestData.withHints(
                LoopTestData.config(2, 1, 4, false, false), "xrpo-seed", Map.of("k", "4"));
    }

    private static List<Completion> answers(GenerationRequest r, String... texts) {
        List<Completion> out = new ArrayList<>();
        for (int i = texts.length - 1; i >= 0; i--) { // out of sample order on purpose
            out.add(
                    new Completion(
                            r.requestId(),
                            r.promptId(),
                            i,
                            new int[] {5, 6, 7},
                            new int[] {8, 9},
                            new float[] {-0.25f, -0.5f},
                            texts[i],
                            0,
                            FinishReason.STOP));
        }
        return out;
    }

    private static GenerationRequest of(InflightCall call, String promptId) {
        return call.requests().stream()
                .filter(r -> r.promptId().equals(promptId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSolvedAnswerSeedsTheZeroRewardPromptOfItsTask() throws Exception {
        RolloutLoopConfig config = xrpoSeed();
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("e", "arith", 4, "1200+3400=", "4600"), state);
        loop.admit(new Prompt("h", "arith", 4, "4821+3377=", "8198"), state);

        // call 1, both plain: e is solved by samples 1 and 3, h fails all 4 (k = 4)
        InflightCall first = loop.plan(0, state).calls().get(0);
        assertThat(first.requests()).allSatisfy(r -> assertThat(r.hinted()).isFalse());
        List<Completion> c1 = new ArrayList<>();
        c1.addAll(answers(of(first, "e"), "4500", "4600", "0", "4600"));
        c1.addAll(answers(of(first, "h"), "1", "2", "3", "4"));
        loop.finish(0, first, c1, List.of(), state);
        loop.release(first, state);
        // the first correct sample (index 1) of e is stored; h is seeded
        assertThat(state.exemplars.exemplars())
                .containsExactly(new Exemplar("e", "arith", 4, "1200+3400=", "4600"));
        assertThat(state.pool.get("h").hint()).isEqualTo(new HintState(1, 0));
        assertThat(state.pool.get("e").hint()).isEqualTo(HintState.PLAIN);

        // call 2: h's request carries e's solved line before its prompt; e stays plain
        InflightCall second = loop.plan(0, state).calls().get(0);
        GenerationRequest h2 = of(second, "h");
        assertThat(h2.hint()).isEqualTo(Hint.inContext("1200+3400=4600", 1));
        assertThat(h2.prompt()).isEqualTo("4821+3377=");
        assertThat(of(second, "e").hinted()).isFalse();
        List<Completion> c2 = new ArrayList<>();
        c2.addAll(answers(of(second, "e"), "4600", "4600", "4600", "4600"));
        c2.addAll(answers(h2, "8198", "8100", "8198", "1"));
        ScoredCall s2 = loop.finish(0, second, c2, List.of(), state);
        List<ScoredRollout> seeded =
                s2.visits().stream()
                        .filter(v -> v.promptId().equals("h"))
                        .findFirst()
                        .orElseThrow()
                        .visit()
                        .rollouts();
        // the written text alone is scored (in-context): 2 of 4 right; GRPO +-0.866
        assertThat(seeded).extracting(ScoredRollout::reward).containsExactly(1.0, 0.0, 1.0, 0.0);
        assertThat(seeded.get(0).advantage())
                .isCloseTo(0.866, org.assertj.core.data.Offset.offset(1e-3));
        for (ScoredRollout r : seeded) {
            assertThat(r.hintKind()).isEqualTo(Hint.IN_CONTEXT);
            assertThat(r.hintLevel()).isEqualTo(1);
            assertThat(r.promptTokens()).containsExactly(5, 6, 7);
            assertThat(r.behaviourLogprobs()).containsExactly(-0.25f, -0.5f);
        }
        // h succeeded: back to plain, and its seeded answer is now an exemplar too; e, solved
        // again, moved: both are stored once, newest last in the call's request order
        assertThat(state.pool.get("h").hint()).isEqualTo(HintState.PLAIN);
        assertThat(state.exemplars.exemplars())
                .extracting(Exemplar::promptId)
                .containsExactlyElementsOf(
                        second.requests().stream().map(GenerationRequest::promptId).toList());
        assertThat(state.exemplars.exemplars())
                .contains(new Exemplar("h", "arith", 4, "4821+3377=", "8198"));
    }

    @Test
    void withNoSolvedInstanceTheZeroRewardPromptGetsItsAnswerInContext() throws Exception {
        RolloutLoopConfig config = xrpoSeed();
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("h", "arith", 4, "4821+3377=", "8198"), state);
        state.pool.put("h", state.pool.get("h").withHint(new HintState(1, 0)));
        InflightCall call = loop.plan(0, state).calls().get(0);
        assertThat(call.requests().get(0).hint())
                .isEqualTo(Hint.inContext("Hint: the answer is 8198", 2));
        // nothing solved: the store stays empty
        loop.finish(0, call, answers(call.requests().get(0), "1", "2", "3", "4"), List.of(), state);
        assertThat(state.exemplars.size()).isZero();
    }

    @Test
    void scaffoldKeepsNoExemplars() throws Exception {
        RolloutLoopConfig config =
                LoopTestData.withHints(
                        LoopTestData.config(1, 1, 4, false, false), "scaffold", Map.of());
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("e", "arith", 4, "1200+3400=", "4600"), state);
        InflightCall call = loop.plan(0, state).calls().get(0);
        loop.finish(
                0,
                call,
                answers(call.requests().get(0), "4600", "4600", "1", "2"),
                List.of(),
                state);
        assertThat(state.exemplars.size()).isZero();
    }
}
