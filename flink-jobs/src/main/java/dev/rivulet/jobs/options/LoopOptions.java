package dev.rivulet.jobs.options;

import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.allocate.BudgetAllocators;
import dev.rivulet.algo.hint.HintPolicies;
import dev.rivulet.algo.select.PromptSelectors;
import dev.rivulet.algo.shape.RewardShapers;
import dev.rivulet.algo.track.ValueTrackers;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** How the RolloutLoop picks prompts, sizes groups and scores them. */
public final class LoopOptions {

    public static final ConfigOption<Integer> SHARDS =
            ConfigOptions.key("rivulet.loop.shards")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Shards of the prompt pool (keys of the RolloutLoop).");

    public static final ConfigOption<String> SELECTOR =
            ConfigOptions.key("rivulet.loop.selector")
                    .stringType()
                    .defaultValue("uniform")
                    .withDescription(Ids.of("Prompt selector id", PromptSelectors.registry()));

    public static final ConfigOption<String> ALLOCATOR =
            ConfigOptions.key("rivulet.loop.allocator")
                    .stringType()
                    .defaultValue("fixed")
                    .withDescription(Ids.of("Budget allocator id", BudgetAllocators.registry()));

    public static final ConfigOption<String> TRACKER =
            ConfigOptions.key("rivulet.loop.tracker")
                    .stringType()
                    .defaultValue("reward-history")
                    .withDescription(Ids.of("Value tracker id", ValueTrackers.registry()));

    public static final ConfigOption<String> ESTIMATOR =
            ConfigOptions.key("rivulet.loop.advantage")
                    .stringType()
                    .defaultValue("grpo")
                    .withDescription(
                            Ids.of("Advantage estimator id", AdvantageEstimators.registry()));

    public static final ConfigOption<String> REWARD_SHAPING =
            ConfigOptions.key("rivulet.loop.reward-shaping")
                    .stringType()
                    .defaultValue("none")
                    .withDescription(
                            Ids.of(
                                    "Reward shaper id (rewrites the task's rewards before the"
                                            + " tracker and the advantages; options as"
                                            + " 'shaping.key=value' in"
                                            + " rivulet.loop.strategy-options)",
                                    RewardShapers.registry()));

    public static final ConfigOption<String> HINTS =
            ConfigOptions.key("rivulet.loop.hints")
                    .stringType()
                    .defaultValue("none")
                    .withDescription(
                            Ids.of(
                                    "Hint policy id (guided generation: which prompts' visits are"
                                            + " generated with a hint that is never trained on;"
                                            + " options as 'hints.key=value' in"
                                            + " rivulet.loop.strategy-options; see"
                                            + " docs/algorithms/scaffold.md)",
                                    HintPolicies.registry()));

    public static final ConfigOption<String> STRATEGY_OPTIONS =
            ConfigOptions.key("rivulet.loop.strategy-options")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Strategy options as 'family.key=value;...', families selector,"
                                    + " allocator, tracker, advantage, shaping, hints; e.g."
                                    + " 'allocator.budget=128;advantage.clip=5'; each strategy's"
                                    + " keys, defaults and ranges are in docs/strategies.md.");

    public static final ConfigOption<Integer> PROMPTS_PER_CALL =
            ConfigOptions.key("rivulet.loop.prompts-per-call")
                    .intType()
                    .defaultValue(32)
                    .withDescription("M: prompts selected for one generation call.");

    public static final ConfigOption<Integer> ROLLOUTS_PER_PROMPT =
            ConfigOptions.key("rivulet.loop.rollouts-per-prompt")
                    .intType()
                    .defaultValue(8)
                    .withDescription("n: rollouts per prompt (the fixed allocator's N).");

    public static final ConfigOption<Integer> MAX_INFLIGHT =
            ConfigOptions.key("rivulet.loop.max-inflight-calls")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Generation calls one shard keeps in flight.");

    public static final ConfigOption<Duration> TICK =
            ConfigOptions.key("rivulet.loop.tick")
                    .durationType()
                    .defaultValue(Duration.ofMillis(20))
                    .withDescription("Processing-time tick of the loop.");

    public static final ConfigOption<Double> TEMPERATURE =
            ConfigOptions.key("rivulet.loop.temperature")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("Sampling temperature.");

    public static final ConfigOption<Double> TOP_P =
            ConfigOptions.key("rivulet.loop.top-p")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("Nucleus sampling mass.");

    public static final ConfigOption<Integer> MAX_NEW_TOKENS =
            ConfigOptions.key("rivulet.loop.max-new-tokens")
                    .intType()
                    .defaultValue(16)
                    .withDescription("Longest response in tokens.");

    public static final ConfigOption<Boolean> DYNAMIC_SAMPLING =
            ConfigOptions.key("rivulet.loop.dynamic-sampling")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "DAPO: drop groups whose rewards are all equal (a group of one is"
                                    + " kept, as DAPO's filter does).");

    public static final ConfigOption<Boolean> KL_ADAPTIVE =
            ConfigOptions.key("rivulet.loop.kl-adaptive")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Rescore each prompt's stored response for SPO's KL-adaptive"
                                    + " discount (one extra score call per generation call).");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("rivulet.loop.seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription("Base seed of every shard's randomness.");

    public static final ConfigOption<Boolean> SYNC =
            ConfigOptions.key("rivulet.loop.sync")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Synchronous mode: generate the next call only after the learner has"
                                    + " trained on the previous one (staleness 0); the baseline"
                                    + " for the streaming speed-up.");

    public static final ConfigOption<Integer> MAX_ROLLOUTS_PER_VERSION =
            ConfigOptions.key("rivulet.loop.max-rollouts-per-version")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Bounded asynchrony: once the rollouts a shard emitted from the"
                                    + " newest policy version plus those in flight reach this"
                                    + " bound, it waits for the learner's next version, so"
                                    + " generation never runs far ahead of training (0:"
                                    + " unbounded). About one learner batch keeps both busy.");

    private LoopOptions() {}
}
