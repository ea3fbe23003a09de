package dev.rivulet.operators.loop;

import dev.rivulet.algo.hint.HintPolicies;
import dev.rivulet.algo.shape.RewardShapers;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a RolloutLoop needs, fixed when the job graph is built.
 *
 * @param endpoint where the model server (the learner of a fleet) listens: version checks and
 *     rescoring go there, and the generate calls too when {@code generators} is null
 * @param generators the generation servers of a fleet ({@code rivulet.server.generators}), over
 *     which the generate calls are spread; null when the one server of {@code endpoint} generates
 * @param generatorsRefresh how often the DNS entries of {@code generators} are resolved again while
 *     the loop runs ({@code rivulet.server.generators-refresh}); zero: never
 * @param strategies which strategies pick, size and score the prompts
 * @param generation how the server samples responses
 * @param pacing how many calls, how often, and how far generation may run ahead of training
 * @param seed base seed of every shard's randomness
 */
public record RolloutLoopConfig(
        PolicyEndpoint endpoint,
        GeneratorSpec generators,
        Duration generatorsRefresh,
        Strategies strategies,
        Generation generation,
        Pacing pacing,
        long seed)
        implements Serializable {

    /** How often a fleet's DNS names are resolved again unless configured: 30 s. */
    public static final Duration DEFAULT_GENERATORS_REFRESH = Duration.ofSeconds(30);

    public RolloutLoopConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(generatorsRefresh, "generatorsRefresh");
        if (generatorsRefresh.isNegative()) {
            throw new IllegalArgumentException(
                    "generatorsRefresh must be >= 0 (0: never), got " + generatorsRefresh);
        }
        Objects.requireNonNull(strategies, "strategies");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(pacing, "pacing");
    }

    /** A configuration without a fleet: {@code endpoint} generates too. */
    public RolloutLoopConfig(
            PolicyEndpoint endpoint,
            Strategies strategies,
            Generation generation,
            Pacing pacing,
            long seed) {
        this(endpoint, null, strategies, generation, pacing, seed);
    }

    /** A configuration whose fleet's DNS names are resolved again every 30 s. */
    public RolloutLoopConfig(
            PolicyEndpoint endpoint,
            GeneratorSpec generators,
            Strategies strategies,
            Generation generation,
            Pacing pacing,
            long seed) {
        this(
                endpoint,
                generators,
                DEFAULT_GENERATORS_REFRESH,
                strategies,
                generation,
                pacing,
                seed);
    }

    /**
     * This configuration with its generate calls spread over {@code fleet}, whose DNS names are
     * resolved again every 30 s.
     */
    public RolloutLoopConfig withGenerators(GeneratorSpec fleet) {
        return withGenerators(fleet, DEFAULT_GENERATORS_REFRESH);
    }

    /**
     * This configuration with its generate calls spread over {@code fleet}, whose DNS names are
     * resolved again every {@code refresh} (zero: never).
     */
    public RolloutLoopConfig withGenerators(GeneratorSpec fleet, Duration refresh) {
        return new RolloutLoopConfig(
                endpoint,
                Objects.requireNonNull(fleet, "fleet"),
                refresh,
                strategies,
                generation,
                pacing,
                seed);
    }

    /**
     * One strategy of a family: its registry id and its options.
     *
     * @param id the id in the family's registry
     * @param options its options, key to value
     */
    public record Choice(String id, Map<String, String> options) implements Serializable {
        public Choice {
            Objects.requireNonNull(id, "id");
            options = Map.copyOf(options);
        }

        /** The strategy {@code id} with its default options. */
        public static Choice of(String id) {
            return new Choice(id, Map.of());
        }
    }

    /**
     * The strategies of the loop.
     *
     * @param selector prompt selector
     * @param allocator budget allocator
     * @param tracker value tracker
     * @param estimator advantage estimator
     * @param rewardOverrides task id to reward function id, overriding the task's default
     * @param dynamicSampling DAPO: drop groups whose rewards are all equal (groups of one are kept)
     * @param klAdaptive rescore the last stored response of a prompt (SPO's KL-adaptive discount)
     * @param shaper reward shaper, between the task's reward and the tracker and estimator
     * @param hints hint policy: which prompts' visits are generated with a hint, and which
     */
    public record Strategies(
            Choice selector,
            Choice allocator,
            Choice tracker,
            Choice estimator,
            Map<String, String> rewardOverrides,
            boolean dynamicSampling,
            boolean klAdaptive,
            Choice shaper,
            Choice hints)
            implements Serializable {
        public Strategies {
            Objects.requireNonNull(hints, "hints");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(allocator, "allocator");
            Objects.requireNonNull(tracker, "tracker");
            Objects.requireNonNull(estimator, "estimator");
            Objects.requireNonNull(shaper, "shaper");
            rewardOverrides = Map.copyOf(rewardOverrides);
        }

        /** The strategies without hints (hint policy {@code none}). */
        public Strategies(
                Choice selector,
                Choice allocator,
                Choice tracker,
                Choice estimator,
                Map<String, String> rewardOverrides,
                boolean dynamicSampling,
                boolean klAdaptive,
                Choice shaper) {
            this(
                    selector,
                    allocator,
                    tracker,
                    estimator,
                    rewardOverrides,
                    dynamicSampling,
                    klAdaptive,
                    shaper,
                    Choice.of(HintPolicies.NONE));
        }

        /** This choice of strategies with the hint policy {@code choice}. */
        public Strategies withHints(Choice choice) {
            return new Strategies(
                    selector,
                    allocator,
                    tracker,
                    estimator,
                    rewardOverrides,
                    dynamicSampling,
                    klAdaptive,
                    shaper,
                    choice);
        }

        /** The strategies without reward shaping (shaper {@code none}). */
        public Strategies(
                Choice selector,
                Choice allocator,
                Choice tracker,
                Choice estimator,
                Map<String, String> rewardOverrides,
                boolean dynamicSampling,
                boolean klAdaptive) {
            this(
                    selector,
                    allocator,
                    tracker,
                    estimator,
                    rewardOverrides,
                    dynamicSampling,
                    klAdaptive,
                    Choice.of(RewardShapers.NONE));
        }
    }

    /**
     * How the server samples and encodes.
     *
     * @param temperature sampling temperature
     * @param topP nucleus sampling mass
     * @param maxNewTokens longest response
     * @param template how the server encodes prompts: {@code raw} or {@code chat}
     * @param systemPrompt system prompt of the chat template, {@code ""} for none
     */
    public record Generation(
            float temperature, float topP, int maxNewTokens, String template, String systemPrompt)
            implements Serializable {
        public Generation {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException(
                        "maxNewTokens must be >= 1, got " + maxNewTokens);
            }
            if (!GenerationRequest.RAW.equals(template)
                    && !GenerationRequest.CHAT.equals(template)) {
                throw new IllegalArgumentException("template must be raw or chat, got " + template);
            }
            Objects.requireNonNull(systemPrompt, "systemPrompt");
        }

        /** Temperature 1, top-p 1, {@code maxNewTokens}, raw prompts. */
        public static Generation raw(int maxNewTokens) {
            return new Generation(1.0f, 1.0f, maxNewTokens, GenerationRequest.RAW, "");
        }
    }

    /**
     * How the loop paces its calls.
     *
     * @param promptsPerCall M: prompts per generation call
     * @param maxInflightCalls generation calls a shard keeps in flight at once
     * @param tickMillis processing-time tick of the loop
     * @param sync synchronous mode: after a call's rollouts are emitted, the shard waits until the
     *     learner has trained (the server's policy version advanced) before generating again
     * @param maxRolloutsPerVersion bounded asynchrony: once a shard has emitted this many rollouts
     *     generated by one policy version, it waits for the next version (0: unbounded)
     */
    public record Pacing(
            int promptsPerCall,
            int maxInflightCalls,
            long tickMillis,
            boolean sync,
            int maxRolloutsPerVersion)
            implements Serializable {
        public Pacing {
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
        }
    }

    /** Uniform GRPO: uniform selector, 8 rollouts per prompt, grpo advantages. */
    public static RolloutLoopConfig uniformGrpo(PolicyEndpoint endpoint) {
        return new RolloutLoopConfig(
                endpoint,
                new Strategies(
                        Choice.of("uniform"),
                        new Choice("fixed", Map.of("n", "8")),
                        Choice.of("reward-history"),
                        Choice.of("grpo"),
                        Map.of(),
                        false,
                        false),
                Generation.raw(16),
                new Pacing(16, 2, 20, false, 0),
                42L);
    }
}
