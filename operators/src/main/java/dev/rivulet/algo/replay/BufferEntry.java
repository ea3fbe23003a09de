package dev.rivulet.algo.replay;

/**
 * What a replay policy knows about one buffered rollout.
 *
 * @param rolloutId the rollout's unique id
 * @param policyVersion the policy version that generated it
 * @param timesUsed how many micro-batches have already trained on it
 * @param advantage its advantage (priority for {@code prioritized})
 * @param sequence its insertion sequence number in the buffer (larger = newer)
 * @param groupId the group (visit) it was generated in, shared by the rollouts of one call for one
 *     prompt; {@code ""} when unknown, and then the rollout is a group of its own (null, as read
 *     from state written before the field existed, becomes {@code ""})
 * @param groupSize how many rollouts its group has; 0 when unknown
 */
public record BufferEntry(
        String rolloutId,
        long policyVersion,
        int timesUsed,
        double advantage,
        long sequence,
        String groupId,
        int groupSize) {

    /** An entry whose group size is unknown. */
    public BufferEntry(
            String rolloutId,
            long policyVersion,
            int timesUsed,
            double advantage,
            long sequence,
            String groupId) {
        this(rolloutId, policyVersion, timesUsed, advantage, sequence, groupId, 0);
    }

    public BufferEntry {
        if (rolloutId == null) {
            throw new IllegalArgumentException("rolloutId must not be null");
        }
        if (timesUsed < 0) {
            throw new IllegalArgumentException("timesUsed must be >= 0, got " + timesUsed);
        }
        if (groupId == null) {
            groupId = "";
        }
        if (groupSize < 0) {
            throw new IllegalArgumentException("groupSize must be >= 0, got " + groupSize);
        }
    }

    /** An entry without a group: a group of its own. */
    public BufferEntry(
            String rolloutId, long policyVersion, int timesUsed, double advantage, long sequence) {
        this(rolloutId, policyVersion, timesUsed, advantage, sequence, "");
    }

    /** This entry after one more use. */
    public BufferEntry used() {
        return new BufferEntry(
                rolloutId, policyVersion, timesUsed + 1, advantage, sequence, groupId, groupSize);
    }
}
