package dev.rivulet.operators.loop;

import dev.rivulet.algo.hint.HintPolicy;
import dev.rivulet.algo.reward.RewardBreakdown;
import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.track.ValueTracker;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores a prior call: the N samples of each new prompt give s successes (reward ≥ 0.5) and the
 * prompt's tracker starts at {@link ValueTracker#initial(int, int) initial(s, N)}, as SPO's offline
 * estimate does before training. The samples become telemetry (phase {@value RolloutEvent#PRIOR},
 * counted as generated) and are never sent to the learner: SPO's offline estimate is not trained
 * on. The prior is never hinted, but its samples are rollouts of the policy, so they count towards
 * the hint policy's diagnosis ({@link HintPolicy#update}): a prompt whose N prior samples all
 * failed has p̂ = 0 after N rollouts, and with N ≥ scaffold's k its first training visit is already
 * guided.
 */
final class PriorScorer {

    private final ValueTracker tracker;
    private final Function<String, RewardFunction> rewards;
    private final HintPolicy hints;

    PriorScorer(
            ValueTracker tracker,
            Function<String, RewardFunction> rewardsByTask,
            HintPolicy hints) {
        this.tracker = tracker;
        this.rewards = rewardsByTask;
        this.hints = hints;
    }

    /**
     * The visits of {@code call}'s prompts, in request order, each without rollouts for the
     * learner; a prompt no longer in {@code states}, no longer owing its prior (answered already)
     * or without completions is skipped and stays as it is.
     */
    ScoredCall score(
            int shard,
            InflightCall call,
            List<Completion> completions,
            Map<String, PromptState> states) {
        Map<String, List<Completion>> byRequest = new HashMap<>();
        for (Completion c : completions) {
            byRequest.computeIfAbsent(c.requestId(), k -> new ArrayList<>()).add(c);
        }
        List<ScoredCall.Visit> visits = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (GenerationRequest r : call.requests()) {
            List<Completion> group = byRequest.getOrDefault(r.requestId(), List.of());
            PromptState state = states.get(r.promptId());
            if (state == null || !state.priorPending() || group.isEmpty()) {
                continue;
            }
            group.sort(Comparator.comparingInt(Completion::sampleIndex));
            visits.add(new ScoredCall.Visit(r.promptId(), measure(state, group, shard, now)));
        }
        return new ScoredCall(visits);
    }

    private ScoredVisit measure(PromptState state, List<Completion> group, int shard, long now) {
        Prompt prompt = state.prompt();
        RewardFunction reward = rewards.apply(prompt.task());
        int n = group.size();
        int successes = 0;
        List<RolloutEvent> events = new ArrayList<>(n);
        for (Completion c : group) {
            RewardBreakdown scored = reward.score(c.text(), prompt);
            double r = scored.reward();
            if (r >= 0.5) {
                successes++;
            }
            events.add(
                    new RolloutEvent(
                            now,
                            c.requestId() + "-" + c.sampleIndex(),
                            prompt.id(),
                            prompt.task(),
                            prompt.difficulty(),
                            shard,
                            r,
                            0.0,
                            c.policyVersion(),
                            c.tokens().length,
                            n,
                            true,
                            c.finishReason().name(),
                            scored.parts(),
                            RolloutEvent.PRIOR));
        }
        PromptState next =
                state.withPrior(tracker.initial(successes, n), n, successes)
                        .withHint(hints.update(state.hint(), n, successes));
        return new ScoredVisit(next, List.of(), events, false);
    }
}
