package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.rivulet.algo.hint.HintState;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code guide} in the loop: a plain group whose rollouts all failed is not trained on; the same
 * prompt is generated again at once, hinted, with the same group size, and the hinted group is what
 * the learner gets (plain prompt ids, hinted behaviour log-probs); it is never regenerated twice,
 * and the next visit is plain.
 */
class GuidedLoopTest {

    private final MemoryShardState state = new MemoryShardState();

    /** Uniform, n rollouts, GRPO, guide with default options. */
    private static ShardLoop guide(int n) {
        RolloutLoopConfig config =
                LoopTestData.withHints(
                        LoopTestData.config(1, 1, n, false, false), "guide", Map.of());
        return new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
    }

    private static List<Completion> answers(GenerationRequest r, String... texts) {
        return LoopTestData.answers(r, 0, new float[] {-0.25f, -0.5f}, texts);
    }

    private InflightCall planOne(ShardLoop loop) throws Exception {
        return LoopTestData.planOne(loop, state);
    }

    @Test
    void anAllWrongGroupIsReplacedByItsHintedRegeneration() throws Exception {
        ShardLoop loop = guide(4);
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);

        InflightCall first = planOne(loop);
        GenerationRequest r1 = first.requests().get(0);
        assertThat(r1.hinted()).isFalse();
        ScoredCall s1 = loop.finish(0, first, answers(r1, "1", "2", "3", "4"), List.of(), state);
        ScoredVisit failed = s1.visits().get(0).visit();
        // replaced: nothing for the learner, the four events are kept and marked dropped
        assertThat(failed.regenerate()).isTrue();
        assertThat(failed.rollouts()).isEmpty();
        assertThat(failed.events()).hasSize(4).allSatisfy(e -> assertThat(e.dropped()).isTrue());
        assertThat(state.pool.get("q").hint()).isEqualTo(new HintState(1, 0));
        // not a dynamic-sampling drop: counted apart
        assertThat(s1.dropped()).isZero();
        assertThat(s1.regenerated()).isEqualTo(1);

        List<InflightCall> again = loop.regenerations(0, first, s1, state);
        assertThat(again).hasSize(1);
        InflightCall regen = again.get(0);
        // the same prompt, the same group size, the same step, tier 1 as an answer prefix
        GenerationRequest r2 = regen.requests().get(0);
        assertThat(r2.promptId()).isEqualTo("q");
        assertThat(r2.numSamples()).isEqualTo(4);
        assertThat(r2.hint()).isEqualTo(Hint.answerPrefix("8", 1));
        assertThat(regen.step()).isEqualTo(first.step());
        assertThat(regen.callId()).isNotEqualTo(first.callId());
        assertThat(r2.requestId()).isNotEqualTo(r1.requestId());
        assertThat(state.inflight).containsKeys(first.callId(), regen.callId());
        assertThat(loop.release(first, state)).isEqualTo(1);

        // "198" after the prefix "8" is 8198: right; GRPO over 1,0,1,0: mean 0.5, unbiased std
        // sqrt((4 * 0.25) / 3) = 0.5774 -> A = +-0.5 / 0.5774 = +-0.866
        ScoredCall s2 =
                loop.finish(0, regen, answers(r2, "198", "111", "198", "0"), List.of(), state);
        ScoredVisit hinted = s2.visits().get(0).visit();
        assertThat(hinted.regenerate()).isFalse();
        List<ScoredRollout> rollouts = hinted.rollouts();
        assertThat(rollouts).extracting(ScoredRollout::reward).containsExactly(1.0, 0.0, 1.0, 0.0);
        assertThat(rollouts.get(0).advantage()).isCloseTo(0.866, offset(1e-3));
        assertThat(rollouts.get(1).advantage()).isCloseTo(-0.866, offset(1e-3));
        for (ScoredRollout r : rollouts) {
            assertThat(r.hintKind()).isEqualTo(Hint.ANSWER_PREFIX);
            assertThat(r.hintLevel()).isEqualTo(1);
            // the learner's ratio is pi(plain) / pi_b(hinted): plain ids, hinted log-probs
            assertThat(r.promptTokens()).containsExactly(5, 6, 7);
            assertThat(r.behaviourLogprobs()).containsExactly(-0.25f, -0.5f);
        }
        // never regenerated twice, and the next visit is plain
        assertThat(loop.regenerations(0, regen, s2, state)).isEmpty();
        assertThat(state.pool.get("q").hint()).isEqualTo(HintState.PLAIN);
        loop.release(regen, state);
        assertThat(planOne(loop).requests().get(0).hinted()).isFalse();
    }

    @Test
    void aFailedGroupOfOneIsRegeneratedAsOneHintedSample() throws Exception {
        ShardLoop loop = guide(1);
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);
        InflightCall first = planOne(loop);
        ScoredCall s1 =
                loop.finish(0, first, answers(first.requests().get(0), "7"), List.of(), state);
        List<InflightCall> again = loop.regenerations(0, first, s1, state);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).requests().get(0).numSamples()).isEqualTo(1);
        assertThat(again.get(0).requests().get(0).hint()).isEqualTo(Hint.answerPrefix("8", 1));
    }

    @Test
    void mixedAndAllRightGroupsAndPromptsWithoutATierAreNotGuided() throws Exception {
        ShardLoop loop = guide(4);
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);
        // 1 of 4 right: trained as it is
        InflightCall mixed = planOne(loop);
        ScoredCall s =
                loop.finish(
                        0,
                        mixed,
                        answers(mixed.requests().get(0), "8198", "1", "2", "3"),
                        List.of(),
                        state);
        assertThat(s.visits().get(0).visit().rollouts()).hasSize(4);
        assertThat(loop.regenerations(0, mixed, s, state)).isEmpty();
        loop.release(mixed, state);
        // 4 of 4 right: trained as it is (GRPO gives 0 advantages), no guidance
        InflightCall right = planOne(loop);
        GenerationRequest rr = right.requests().get(0);
        s = loop.finish(0, right, answers(rr, "8198", "8198", "8198", "8198"), List.of(), state);
        assertThat(s.visits().get(0).visit().rollouts()).hasSize(4);
        assertThat(loop.regenerations(0, right, s, state)).isEmpty();
        assertThat(state.pool.get("q").hint()).isEqualTo(HintState.PLAIN);
        loop.release(right, state);

        // an empty answer has no tier: the failed group is trained on, plain, and stays plain
        state.pool.clear();
        loop.admit(new Prompt("e", "arith", 4, "1+1=", ""), state);
        InflightCall none = planOne(loop);
        s =
                loop.finish(
                        0,
                        none,
                        answers(none.requests().get(0), "2", "3", "4", "5"),
                        List.of(),
                        state);
        assertThat(s.visits().get(0).visit().regenerate()).isFalse();
        assertThat(s.visits().get(0).visit().rollouts()).hasSize(4);
        assertThat(loop.regenerations(0, none, s, state)).isEmpty();
        assertThat(state.pool.get("e").hint()).isEqualTo(HintState.PLAIN);
    }

    @Test
    void aRefusedRegenerationLeavesThePromptPlain() throws Exception {
        ShardLoop loop = guide(4);
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);
        InflightCall first = planOne(loop);
        ScoredCall s1 =
                loop.finish(
                        0,
                        first,
                        answers(first.requests().get(0), "1", "2", "3", "4"),
                        List.of(),
                        state);
        InflightCall regen = loop.regenerations(0, first, s1, state).get(0);
        loop.release(first, state);
        var refusal = new PolicyInvalidRequestException("generate request x: hint too long");
        assertThat(loop.dropHint(0, regen, refusal, state)).isTrue();
        assertThat(loop.release(regen, state)).isZero();
        assertThat(state.pool.get("q").hint()).isEqualTo(HintState.PLAIN);
        assertThat(planOne(loop).requests().get(0).hinted()).isFalse();
    }
}
