package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.AdvantageEstimator;
import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.allocate.BudgetAllocator;
import dev.rivulet.algo.allocate.BudgetAllocators;
import dev.rivulet.algo.allocate.PromptEstimate;
import dev.rivulet.algo.hint.HintPolicies;
import dev.rivulet.algo.hint.HintPolicy;
import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.algo.select.Candidate;
import dev.rivulet.algo.select.PromptSelector;
import dev.rivulet.algo.select.PromptSelectors;
import dev.rivulet.algo.shape.RewardShaper;
import dev.rivulet.algo.shape.RewardShapers;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.algo.track.ValueTracker;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The strategies of one RolloutLoop, built from its configuration by id through the registries (an
 * unknown id fails here, when the operator opens, listing the known ids).
 */
final class LoopStrategies {

    private final PromptSelector selector;
    private final BudgetAllocator allocator;
    private final ValueTracker tracker;
    private final RolloutScorer scorer;
    private final PriorScorer priorScorer;
    private final HintPolicy hints;

    private LoopStrategies(
            PromptSelector selector,
            BudgetAllocator allocator,
            ValueTracker tracker,
            RolloutScorer scorer,
            PriorScorer priorScorer,
            HintPolicy hints) {
        this.hints = hints;
        this.selector = selector;
        this.allocator = allocator;
        this.tracker = tracker;
        this.scorer = scorer;
        this.priorScorer = priorScorer;
    }

    static LoopStrategies from(RolloutLoopConfig config) {
        RolloutLoopConfig.Strategies c = config.strategies();
        PromptSelector selector =
                PromptSelectors.registry().create(c.selector().id(), options(c.selector()));
        BudgetAllocator allocator =
                BudgetAllocators.registry().create(c.allocator().id(), options(c.allocator()));
        ValueTracker tracker =
                ValueTrackers.registry().create(c.tracker().id(), options(c.tracker()));
        AdvantageEstimator estimator =
                AdvantageEstimators.registry().create(c.estimator().id(), options(c.estimator()));
        Map<String, RewardFunction> cache = new HashMap<>();
        TaskRegistry tasks = TaskRegistry.builtIn();
        Function<String, RewardFunction> rewards =
                task ->
                        cache.computeIfAbsent(
                                task,
                                t ->
                                        RewardFunctions.create(
                                                c.rewardOverrides()
                                                        .getOrDefault(t, tasks.rewardId(t))));
        RewardShaper shaper = RewardShapers.registry().create(c.shaper().id(), options(c.shaper()));
        HintPolicy hints = HintPolicies.registry().create(c.hints().id(), options(c.hints()));
        RolloutScorer scorer =
                new RolloutScorer(tracker, estimator, rewards, c.dynamicSampling(), shaper, hints);
        return new LoopStrategies(
                selector,
                allocator,
                tracker,
                scorer,
                new PriorScorer(tracker, rewards, hints),
                hints);
    }

    private static StrategyOptions options(RolloutLoopConfig.Choice choice) {
        return StrategyOptions.of(choice.options());
    }

    PromptSelector selector() {
        return selector;
    }

    BudgetAllocator allocator() {
        return allocator;
    }

    ValueTracker tracker() {
        return tracker;
    }

    RolloutScorer scorer() {
        return scorer;
    }

    /** The hint policy: the hint of each prompt's next training visit. */
    HintPolicy hints() {
        return hints;
    }

    /** Scores prior calls (new prompts' prior measurements). */
    PriorScorer priorScorer() {
        return priorScorer;
    }

    /** The selector's view of a prompt: its Beta posterior where the tracker has one. */
    Candidate candidate(String promptId, TrackerState t) {
        if (t.hasBeta()) {
            return new Candidate(promptId, t.alpha(), t.beta(), tracker.value(t));
        }
        return Candidate.ofValue(promptId, tracker.valid(t) ? tracker.value(t) : Double.NaN);
    }

    /** The allocator's view of a prompt: p̂ when the tracker trusts it. */
    PromptEstimate estimate(String promptId, TrackerState t) {
        double p = tracker.value(t);
        return tracker.valid(t) && p >= 0 && p <= 1
                ? PromptEstimate.valid(promptId, p)
                : PromptEstimate.unknown(promptId);
    }
}
