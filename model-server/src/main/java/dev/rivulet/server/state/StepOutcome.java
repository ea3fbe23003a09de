package dev.rivulet.server.state;

import dev.rivulet.server.learn.StepStats;

/**
 * Outcome of {@link PolicyStore#train}.
 *
 * @param version the policy version after the batch (for a duplicate: the version it produced)
 * @param stats what the step did; null for a duplicate whose original outcome is not remembered
 * @param duplicate true when the batch id was already trained and nothing was done
 */
public record StepOutcome(long version, StepStats stats, boolean duplicate) {

    /** The same outcome marked as a repeat of an already trained batch. */
    public StepOutcome asDuplicate() {
        return new StepOutcome(version, stats, true);
    }
}
