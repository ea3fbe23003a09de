package dev.rivulet.operators.loop;

import dev.rivulet.operators.client.PolicyEndpoint;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a RolloutLoop needs, fixed when the job graph is built.
 *
 * @param endpoint where the model server listens
 * @param selector prompt selector id and its options
 * @param selectorOptions options of the selector
 * @param allocator budget allocator id
 * @param allocatorOptions options of the allocator
 * @param tracker value tracker id
 * @param trackerOptions options of the tracker
 * @param estimator advantage estimator id
 * @param estimatorOptions options of the estimator
 * @param promptsPerCall M: prompts per generation call
 * @param maxInflightCalls generation calls a shard keeps in flight at once
 * @param tickMillis processing-time tick of the loop
 * @param temperature sampling temperature
 * @param topP nucleus sampling mass
 * @param maxNewTokens longest response
 * @param dynamicSampling DAPO: drop groups whose rewards are all equal
 * @param klAdaptive rescore the last stored response of a prompt (SPO's KL-adaptive discount)
 * @param seed base seed of every shard's randomness
 * @param rewardOverrides task id to reward function id, overriding the task's default
 * @param sync synchronous mode: after a call's rollouts are emitted, the shard waits until the
 *     learner has trained (the server's policy version advanced) before generating again
 */
public record RolloutLoopConfig(
        PolicyEndpoint endpoint,
        String selector,
        Map<String, String> selectorOptions,
        String allocator,
        Map<String, String> allocatorOptions,
        String tracker,
        Map<String, String> trackerOptions,
        String estimator,
        Map<String, String> estimatorOptions,
        int promptsPerCall,
        int maxInflightCalls,
        long tickMillis,
        float temperature,
        float topP,
        int maxNewTokens,
        boolean dynamicSampling,
        boolean klAdaptive,
        long seed,
        Map<String, String> rewardOverrides,
        boolean sync)
        implements Serializable {

    public RolloutLoopConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(estimator, "estimator");
        selectorOptions = Map.copyOf(selectorOptions);
        allocatorOptions = Map.copyOf(allocatorOptions);
        trackerOptions = Map.copyOf(trackerOptions);
        estimatorOptions = Map.copyOf(estimatorOptions);
        rewardOverrides = Map.copyOf(rewardOverrides);
        if (promptsPerCall < 1) {
            throw new IllegalArgumentException(
                    "promptsPerCall must be >= 1, got " + promptsPerCall);
        }
        if (maxInflightCalls < 1) {
            throw new IllegalArgumentException(
                    "maxInflightCalls must be >= 1, got " + maxInflightCalls);
        }
        if (tickMillis < 1) {
            throw new IllegalArgumentException("tickMillis must be >= 1, got " + tickMillis);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
    }

    /** Uniform GRPO: uniform selector, 8 rollouts per prompt, grpo advantages. */
    public static RolloutLoopConfig uniformGrpo(PolicyEndpoint endpoint) {
        return new RolloutLoopConfig(
                endpoint,
                "uniform",
                Map.of(),
                "fixed",
                Map.of("n", "8"),
                "reward-history",
                Map.of(),
                "grpo",
                Map.of(),
                16,
                2,
                20,
                1.0f,
                1.0f,
                16,
                false,
                false,
                42L,
                Map.of(),
                false);
    }
}
