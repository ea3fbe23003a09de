package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.hint.HintState;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Guided generation in the loop with {@code scaffold}: a stagnating prompt's next request carries
 * its tier's hint, the visit is scored on what the policy wrote (plus an answer prefix), its
 * rollouts keep the server's plain prompt tokens and hinted behaviour log-probs and record the
 * hint, and the prompt's hint level lives in its keyed state.
 */
class HintedLoopTest {

    private final MemoryShardState state = new MemoryShardState();

    /** Uniform, n = 4 rollouts, GRPO, scaffold with k = 4 and the given kind. */
    private static RolloutLoopConfig scaffold(String kind) {
        return LoopTestData.withHints(
                LoopTestData.config(1, 1, 4, false, false),
                "scaffold",
                Map.of("k", "4", "kind", kind));
    }

    private static List<Completion> answers(GenerationRequest r, long version, String... texts) {
        return LoopTestData.answers(r, version, new float[] {-0.25f, -0.5f}, texts);
    }

    private InflightCall planOne(ShardLoop loop) throws Exception {
        return LoopTestData.planOne(loop, state);
    }

    @Test
    void aStagnatingPromptIsHintedAndItsGuidedSuccessesEnterTheAdvantages() throws Exception {
        RolloutLoopConfig config = scaffold(Hint.ANSWER_PREFIX);
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);

        // visit 1: plain, all four rollouts wrong -> p-hat stays 0 after k = 4: level 1
        InflightCall first = planOne(loop);
        GenerationRequest r1 = first.requests().get(0);
        assertThat(r1.hinted()).isFalse();
        ScoredCall s1 = loop.finish(0, first, answers(r1, 0, "1", "2", "3", "4"), List.of(), state);
        loop.release(first, state);
        assertThat(s1.visits().get(0).visit().rollouts())
                .allSatisfy(r -> assertThat(r.hinted()).isFalse());
        assertThat(state.pool.get("q").hint()).isEqualTo(new HintState(1, 0));

        // visit 2: the request carries tier 1, the answer's first digit as a prefix
        InflightCall second = planOne(loop);
        GenerationRequest r2 = second.requests().get(0);
        assertThat(r2.hint()).isEqualTo(Hint.answerPrefix("8", 1));
        // the policy writes the rest: "198" is right (8 + 198), "8198" repeats the prefix: wrong
        ScoredCall s2 =
                loop.finish(
                        0, second, answers(r2, 1, "198", "8198", "111", "198"), List.of(), state);
        loop.release(second, state);
        List<ScoredRollout> rollouts = s2.visits().get(0).visit().rollouts();
        assertThat(rollouts).extracting(ScoredRollout::reward).containsExactly(1.0, 0.0, 0.0, 1.0);
        // GRPO over the hinted group: mean 0.5, std 0.5774 -> +-0.866
        assertThat(rollouts.get(0).advantage())
                .isCloseTo(0.866, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(rollouts.get(1).advantage())
                .isCloseTo(-0.866, org.assertj.core.data.Offset.offset(1e-3));
        for (ScoredRollout r : rollouts) {
            assertThat(r.hintKind()).isEqualTo(Hint.ANSWER_PREFIX);
            assertThat(r.hintLevel()).isEqualTo(1);
            // what the server returned: the plain prompt's ids and the hinted log-probs
            assertThat(r.promptTokens()).containsExactly(5, 6, 7);
            assertThat(r.responseTokens()).containsExactly(8, 9);
            assertThat(r.behaviourLogprobs()).containsExactly(-0.25f, -0.5f);
        }
        assertThat(s2.visits().get(0).visit().events())
                .allSatisfy(e -> assertThat(e.hintLevel()).isEqualTo(1));
        // 2 of 4 = 0.5 >= down-at: back to plain
        assertThat(state.pool.get("q").hint()).isEqualTo(HintState.PLAIN);
        assertThat(planOne(loop).requests().get(0).hinted()).isFalse();
    }

    @Test
    void anInContextHintIsScoredOnTheWrittenTextAlone() throws Exception {
        RolloutLoopConfig config = scaffold(Hint.IN_CONTEXT);
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        Prompt q = new Prompt("q", "arith", 4, "4821+3377=", "8198");
        loop.admit(q, state);
        state.pool.put("q", state.pool.get("q").withHint(new HintState(2, 0)));
        InflightCall call = planOne(loop);
        GenerationRequest r = call.requests().get(0);
        assertThat(r.hint()).isEqualTo(Hint.inContext("Hint: the answer starts with 81", 2));
        ScoredCall s =
                loop.finish(0, call, answers(r, 0, "8198", "98", "0", "1"), List.of(), state);
        assertThat(s.visits().get(0).visit().rollouts())
                .extracting(ScoredRollout::reward)
                .containsExactly(1.0, 0.0, 0.0, 0.0);
        // 1 of 4 < 0.5: the level stays, the failures reset
        assertThat(state.pool.get("q").hint()).isEqualTo(new HintState(2, 0));
    }

    @Test
    void aRefusedHintedRequestKeepsThePromptAndServesItPlain() throws Exception {
        RolloutLoopConfig config = scaffold(Hint.IN_CONTEXT);
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("q", "arith", 4, "4821+3377=", "8198"), state);
        state.pool.put("q", state.pool.get("q").withHint(new HintState(1, 0)));
        InflightCall call = planOne(loop);
        var refusal =
                new dev.rivulet.protocol.error.PolicyInvalidRequestException(
                        "generate request x: too long: 70 hinted prompt tokens + 16 new tokens");
        assertThat(loop.dropHint(0, call, refusal, state)).isTrue();
        loop.release(call, state);
        assertThat(state.pool).containsKey("q");
        assertThat(state.pool.get("q").hint()).isEqualTo(HintState.PLAIN);
        assertThat(planOne(loop).requests().get(0).hinted()).isFalse();
        // a plain request's refusal is not the hint's fault: the caller drops the prompt
        InflightCall plain = state.inflight.values().iterator().next();
        assertThat(loop.dropHint(0, plain, refusal, state)).isFalse();
    }

    @Test
    void theHintLevelSurvivesTheKeyedStateSerializer() throws Exception {
        // what RocksDB stores: the pool's PromptState through Flink's serializer for it
        TypeSerializer<PromptState> serializer =
                TypeInformation.of(PromptState.class).createSerializer(new SerializerConfigImpl());
        PromptState before =
                PromptState.fresh(
                                new Prompt("g", "gsm8k", 0, "q?", "72", "Step one. Step two."),
                                LoopStrategies.from(scaffold(Hint.IN_CONTEXT)).tracker().initial())
                        .withHint(new HintState(2, 5));
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(before, out);
        PromptState after =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(after.hint()).isEqualTo(new HintState(2, 5));
        assertThat(after.prompt().solution()).isEqualTo("Step one. Step two.");
        assertThat(after.withHint(HintState.PLAIN).hint().level()).isZero();

        // a hinted call in flight is re-issued after a restore with its hint
        TypeSerializer<InflightCall> calls =
                TypeInformation.of(InflightCall.class).createSerializer(new SerializerConfigImpl());
        InflightCall call =
                new InflightCall(
                        3,
                        2,
                        List.of(
                                LoopTestData.request("r", "g", 4)
                                        .withHint(Hint.answerPrefix("7", 1))));
        DataOutputSerializer callOut = new DataOutputSerializer(256);
        calls.serialize(call, callOut);
        InflightCall back = calls.deserialize(new DataInputDeserializer(callOut.getCopyOfBuffer()));
        assertThat(back.requests().get(0).hint()).isEqualTo(Hint.answerPrefix("7", 1));
        assertThat(back).isEqualTo(call);
    }
}
