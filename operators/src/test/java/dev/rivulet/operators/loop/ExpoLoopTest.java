package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.rivulet.algo.hint.HintState;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code expo} in the loop: a stagnating prompt's visit is one plain request of n − m samples and
 * an answer-conditioned companion of m samples; their completions are scored as one group, the
 * self-explanations keep the plain prompt ids and their own (answer-conditioned) behaviour
 * log-probs.
 */
class ExpoLoopTest {

    private final MemoryShardState state = new MemoryShardState();

    /** Uniform, n rollouts, GRPO, expo with k = 4 and samples = 1. */
    private static ShardLoop expo(int n) {
        RolloutLoopConfig config =
                LoopTestData.withHints(
                        LoopTestData.config(1, 1, n, false, false),
                        "expo",
                        Map.of("k", "4", "samples", "1"));
        return new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
    }

    private static List<Completion> answers(GenerationRequest r, float logprob, String... texts) {
        return LoopTestData.answers(r, 0, new float[] {logprob, logprob}, texts);
    }

    private InflightCall planOne(ShardLoop loop) throws Exception {
        return LoopTestData.planOne(loop, state);
    }

    @Test
    void aStagnatingPromptsGroupMixesPlainSamplesAndASelfExplanation() throws Exception {
        ShardLoop loop = expo(4);
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);
        InflightCall first = planOne(loop);
        assertThat(first.requests()).hasSize(1);
        assertThat(first.requests().get(0).hinted()).isFalse();
        ScoredCall s1 =
                loop.finish(
                        0,
                        first,
                        answers(first.requests().get(0), -1f, "1", "2", "3", "4"),
                        List.of(),
                        state);
        assertThat(s1.visits().get(0).visit().rollouts()).hasSize(4);
        // 4 plain failures: f = 4 >= k
        assertThat(state.pool.get("q").hint()).isEqualTo(new HintState(0, 4));
        loop.release(first, state);

        InflightCall mixed = planOne(loop);
        assertThat(mixed.requests()).hasSize(2);
        GenerationRequest plain = mixed.requests().get(0);
        GenerationRequest explain = mixed.requests().get(1);
        assertThat(plain.hinted()).isFalse();
        assertThat(plain.numSamples()).isEqualTo(3);
        assertThat(explain.hint()).isEqualTo(Hint.inContext("Hint: the answer is 8198", 1));
        assertThat(explain.numSamples()).isEqualTo(1);
        assertThat(explain.promptId()).isEqualTo("q");
        assertThat(CallPlanner.groupOf(explain.requestId())).isEqualTo(plain.requestId());
        assertThat(explain.seed()).isNotEqualTo(plain.seed());
        assertThat(mixed.samples()).isEqualTo(4);

        List<Completion> completions = new ArrayList<>(answers(plain, -1f, "1", "2", "3"));
        completions.addAll(answers(explain, -0.125f, "8198"));
        ScoredCall s2 = loop.finish(0, mixed, completions, List.of(), state);
        assertThat(s2.visits()).hasSize(1);
        List<ScoredRollout> rollouts = s2.visits().get(0).visit().rollouts();
        // one group of 4: rewards 0,0,0,1; mean 0.25; unbiased std sqrt((3 * 0.0625 + 0.5625) / 3)
        // = 0.5 -> A = -0.25 / (0.5 + 1e-6) = -0.5 (plain), 0.75 / (0.5 + 1e-6) = 1.499997 (the
        // self-explanation)
        assertThat(rollouts).extracting(ScoredRollout::reward).containsExactly(0.0, 0.0, 0.0, 1.0);
        assertThat(rollouts.get(0).advantage()).isCloseTo(-0.5, offset(1e-5));
        assertThat(rollouts.get(3).advantage()).isCloseTo(1.499997, offset(1e-6));
        assertThat(rollouts).allSatisfy(r -> assertThat(r.groupId()).isEqualTo(plain.requestId()));
        assertThat(rollouts).allSatisfy(r -> assertThat(r.groupSize()).isEqualTo(4));
        assertThat(rollouts).extracting(ScoredRollout::rolloutId).doesNotHaveDuplicates();
        assertThat(rollouts.subList(0, 3)).allSatisfy(r -> assertThat(r.hinted()).isFalse());
        ScoredRollout self = rollouts.get(3);
        assertThat(self.hintKind()).isEqualTo(Hint.IN_CONTEXT);
        // trained on the plain prompt, with the answer-conditioned behaviour log-probs
        assertThat(self.promptTokens()).containsExactly(5, 6, 7);
        assertThat(self.behaviourLogprobs()).containsExactly(-0.125f, -0.125f);
        // no plain success: f = 4 + 3 = 7, the next visit is mixed again
        assertThat(state.pool.get("q").hint()).isEqualTo(new HintState(0, 7));
        assertThat(loop.regenerations(0, mixed, s2, state)).isEmpty();
    }

    @Test
    void aGroupOfOneAndAPromptWithoutAnswerAreServedPlain() throws Exception {
        ShardLoop loop = expo(1);
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);
        state.pool.put("q", state.pool.get("q").withHint(new HintState(0, 50)));
        InflightCall one = planOne(loop);
        assertThat(one.requests()).hasSize(1);
        assertThat(one.requests().get(0).hinted()).isFalse();
        loop.release(one, state);
        state.inflight.clear();

        ShardLoop four = expo(4);
        state.pool.clear();
        four.admit(new Prompt("e", "arith", 4, "1+1=", ""), state);
        state.pool.put("e", state.pool.get("e").withHint(new HintState(0, 50)));
        InflightCall plain = planOne(four);
        assertThat(plain.requests()).hasSize(1);
        assertThat(plain.requests().get(0).hinted()).isFalse();
        assertThat(plain.requests().get(0).numSamples()).isEqualTo(4);
    }
}
