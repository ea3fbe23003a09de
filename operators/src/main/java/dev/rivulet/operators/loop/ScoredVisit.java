package dev.rivulet.operators.loop;

import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.ScoredRollout;
import java.util.List;

/**
 * What one answered visit of a prompt produced: the prompt's new state, the rollouts for the
 * learner (empty when dynamic sampling dropped the group or it is to be regenerated) and one
 * telemetry event per sample.
 *
 * @param regenerate the group is replaced by a hinted regeneration (Guide): the loop generates it
 *     again under the prompt's new hint; its rollouts are empty and {@code dropped} is true
 */
public record ScoredVisit(
        PromptState next,
        List<ScoredRollout> rollouts,
        List<RolloutEvent> events,
        boolean dropped,
        boolean regenerate) {

    public ScoredVisit {
        rollouts = List.copyOf(rollouts);
        events = List.copyOf(events);
    }

    /** A visit that is not regenerated. */
    public ScoredVisit(
            PromptState next,
            List<ScoredRollout> rollouts,
            List<RolloutEvent> events,
            boolean dropped) {
        this(next, rollouts, events, dropped, false);
    }
}
