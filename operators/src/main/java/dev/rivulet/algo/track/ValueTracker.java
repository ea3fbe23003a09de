package dev.rivulet.algo.track;

/**
 * Keeps a per-prompt estimate of the success probability; every method returns a new state and
 * leaves its argument untouched.
 */
public interface ValueTracker {

    /**
     * The state of a prompt never seen before.
     *
     * @param priorSuccesses successes in {@code priorSamples} offline samples from the base policy
     * @param priorSamples how many offline samples were measured; 0 when there is no prior
     */
    TrackerState initial(int priorSuccesses, int priorSamples);

    /**
     * How many samples the loop draws for a new prompt under the current policy, before the prompt
     * may be selected, to start it at {@link #initial(int, int)} (SPO's offline prior); 0 (the
     * default) starts it at {@link #initial()} at once.
     */
    default int priorSamples() {
        return 0;
    }

    /** The state of a new prompt without a prior measurement. */
    default TrackerState initial() {
        return initial(0, 0);
    }

    /** The state after one visit's rewards. */
    TrackerState update(TrackerState state, Observation observation);

    /**
     * The state as it stands after {@code step} (trackers that decay with time apply the missed
     * decay here; the others return {@code state}).
     */
    default TrackerState at(TrackerState state, long step) {
        return state;
    }

    /** The estimate v̂ / p̂ of {@code state}. */
    default double value(TrackerState state) {
        return state.value();
    }

    /** Whether {@link #value(TrackerState)} may be trusted yet. */
    default boolean valid(TrackerState state) {
        return state.valid();
    }
}
