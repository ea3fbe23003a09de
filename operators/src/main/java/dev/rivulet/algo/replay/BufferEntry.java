package dev.rivulet.algo.replay;

/**
 * What a replay policy knows about one buffered rollout.
 *
 * @param rolloutId the rollout's unique id
 * @param policyVersion the policy version that generated it
 * @param timesUsed how many micro-batches have already trained on it
 * @param advantage its advantage (priority for {@code prioritized})
 * @param sequence its insertion sequence number in the buffer (larger = newer)
 */
public record BufferEntry(
        String rolloutId, long policyVersion, int timesUsed, double advantage, long sequence) {

    public BufferEntry {
        if (rolloutId == null) {
            throw new IllegalArgumentException("rolloutId must not be null");
        }
        if (timesUsed < 0) {
            throw new IllegalArgumentException("timesUsed must be >= 0, got " + timesUsed);
        }
    }
}
