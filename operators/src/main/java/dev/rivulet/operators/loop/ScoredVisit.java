package dev.rivulet.operators.loop;

import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.ScoredRollout;
import java.util.List;

/**
 * What one answered visit of a prompt produced: the prompt's new state, the rollouts for the
 * learner (empty when dynamic sampling dropped the group) and one telemetry event per sample.
 */
public record ScoredVisit(
        PromptState next,
        List<ScoredRollout> rollouts,
        List<RolloutEvent> events,
        boolean dropped) {

    public ScoredVisit {
        rollouts = List.copyOf(rollouts);
        events = List.copyOf(events);
    }
}
