package dev.rivulet.tools.sim;

import dev.rivulet.algo.advantage.AdvantageEstimator;
import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.allocate.BudgetAllocator;
import dev.rivulet.algo.allocate.BudgetAllocators;
import dev.rivulet.algo.select.PromptSelector;
import dev.rivulet.algo.select.PromptSelectors;
import dev.rivulet.algo.track.ValueTracker;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.loop.RolloutLoopConfig;
import dev.rivulet.tools.compare.Arm;

/**
 * The strategies of one compare arm as the job builds them: the arm's {@code rivulet.*} options are
 * resolved by {@link JobSettings} (defaults, {@code strategy-options}, the allocator's n) and each
 * strategy is created from its registry.
 *
 * @param name the arm's name
 * @param selector the prompt selector
 * @param tracker the value tracker
 * @param allocator the budget allocator
 * @param estimator the advantage estimator (decides which rollouts carry a gradient)
 * @param promptsPerCall M, prompts per generation call
 * @param inflight calls in flight at once: a call's rewards reach the tracker only when the call
 *     {@code inflight} − 1 calls later is planned, and its prompts are not selectable meanwhile
 */
public record SimArm(
        String name,
        PromptSelector selector,
        ValueTracker tracker,
        BudgetAllocator allocator,
        AdvantageEstimator estimator,
        int promptsPerCall,
        int inflight) {

    public SimArm {
        if (promptsPerCall < 1 || inflight < 1) {
            throw new IllegalArgumentException(
                    "arm '"
                            + name
                            + "' needs M >= 1 and inflight >= 1, got "
                            + promptsPerCall
                            + ", "
                            + inflight);
        }
    }

    /** The arm's strategies and pacing, resolved as {@code OnlineRlJob} resolves them. */
    public static SimArm of(Arm arm) {
        RolloutLoopConfig config =
                JobSettings.of(arm.options()).loopConfig(PolicyEndpoint.local(1));
        RolloutLoopConfig.Strategies s = config.strategies();
        return new SimArm(
                arm.name(),
                PromptSelectors.registry()
                        .create(s.selector().id(), StrategyOptions.of(s.selector().options())),
                ValueTrackers.registry()
                        .create(s.tracker().id(), StrategyOptions.of(s.tracker().options())),
                BudgetAllocators.registry()
                        .create(s.allocator().id(), StrategyOptions.of(s.allocator().options())),
                AdvantageEstimators.registry()
                        .create(s.estimator().id(), StrategyOptions.of(s.estimator().options())),
                config.pacing().promptsPerCall(),
                config.pacing().sync() ? 1 : config.pacing().maxInflightCalls());
    }
}
