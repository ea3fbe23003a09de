package dev.rivulet.operators.loop;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Configurations, prompts and answers for the Flink-free tests of the loop's classes. */
final class LoopTestData {

    static final long SEED = 11L;

    private LoopTestData() {}

    /** Uniform selection, {@code n} rollouts per prompt, GRPO, seed {@link #SEED}. */
    static RolloutLoopConfig config(
            int promptsPerCall, int maxInflightCalls, int n, boolean sync, boolean klAdaptive) {
        return config(promptsPerCall, maxInflightCalls, n, sync, klAdaptive, false);
    }

    /** {@link #config} with DAPO's dynamic sampling on or off. */
    static RolloutLoopConfig config(
            int promptsPerCall,
            int maxInflightCalls,
            int n,
            boolean sync,
            boolean klAdaptive,
            boolean dynamicSampling) {
        return new RolloutLoopConfig(
                PolicyEndpoint.local(1),
                new RolloutLoopConfig.Strategies(
                        RolloutLoopConfig.Choice.of("uniform"),
                        new RolloutLoopConfig.Choice("fixed", Map.of("n", Integer.toString(n))),
                        RolloutLoopConfig.Choice.of("reward-history"),
                        RolloutLoopConfig.Choice.of("grpo"),
                        Map.of(),
                        dynamicSampling,
                        klAdaptive),
                RolloutLoopConfig.Generation.raw(8),
                new RolloutLoopConfig.Pacing(promptsPerCall, maxInflightCalls, 100, sync, 0),
                SEED);
    }

    /**
     * SPO: uniform selection (so tests know the order), one rollout per prompt, the beta-kl tracker
     * with {@code trackerOptions}, spo advantages, seed {@link #SEED}.
     */
    static RolloutLoopConfig spo(
            int promptsPerCall,
            int maxInflightCalls,
            boolean sync,
            boolean klAdaptive,
            Map<String, String> trackerOptions) {
        return new RolloutLoopConfig(
                PolicyEndpoint.local(1),
                new RolloutLoopConfig.Strategies(
                        RolloutLoopConfig.Choice.of("uniform"),
                        new RolloutLoopConfig.Choice("fixed", Map.of("n", "1")),
                        new RolloutLoopConfig.Choice("beta-kl", trackerOptions),
                        RolloutLoopConfig.Choice.of("spo"),
                        Map.of(),
                        false,
                        klAdaptive),
                RolloutLoopConfig.Generation.raw(8),
                new RolloutLoopConfig.Pacing(promptsPerCall, maxInflightCalls, 100, sync, 0),
                SEED);
    }

    /** {@code base} with the hint policy {@code id} and its {@code options}. */
    static RolloutLoopConfig withHints(
            RolloutLoopConfig base, String id, Map<String, String> options) {
        return new RolloutLoopConfig(
                base.endpoint(),
                base.strategies().withHints(new RolloutLoopConfig.Choice(id, options)),
                base.generation(),
                base.pacing(),
                base.seed());
    }

    /** An arithmetic prompt {@code a+1=} with the id {@code id}. */
    static Prompt prompt(String id, int a) {
        return new Prompt(id, "arith", 1, a + "+1=", Integer.toString(a + 1));
    }

    /** One request of {@code samples} rollouts for {@code promptId}. */
    static GenerationRequest request(String requestId, String promptId, int samples) {
        return new GenerationRequest(requestId, promptId, "1+1=", samples, 1f, 1f, 8, 7L, false);
    }

    /** One completion per entry of {@code texts}, sample {@code i} answering {@code texts[i]}. */
    static List<Completion> completions(
            GenerationRequest r, long version, float[] logprobs, String... texts) {
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            int[] tokens = new int[logprobs.length];
            out.add(
                    new Completion(
                            r.requestId(),
                            r.promptId(),
                            i,
                            new int[] {1, 2},
                            tokens,
                            logprobs,
                            texts[i],
                            version,
                            FinishReason.STOP));
        }
        return out;
    }

    /**
     * The completions of {@code r}, one per text in sample order: prompt ids {5, 6, 7}, response
     * ids {8, 9} with {@code logprobs}, generated at {@code version}.
     */
    static List<Completion> answers(
            GenerationRequest r, long version, float[] logprobs, String... texts) {
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(
                    new Completion(
                            r.requestId(),
                            r.promptId(),
                            i,
                            new int[] {5, 6, 7},
                            new int[] {8, 9},
                            logprobs.clone(),
                            texts[i],
                            version,
                            FinishReason.STOP));
        }
        return out;
    }

    /** The one call {@code loop} plans at time 0. */
    static InflightCall planOne(ShardLoop loop, ShardState state) throws Exception {
        List<InflightCall> calls = loop.plan(0, state).calls();
        org.assertj.core.api.Assertions.assertThat(calls).hasSize(1);
        return calls.get(0);
    }
}
