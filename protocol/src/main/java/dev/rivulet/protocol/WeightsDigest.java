package dev.rivulet.protocol;

/**
 * Fingerprints of one policy version's weights: the copy the server holds in memory and the copy in
 * its durable checkpoint, so a caller can check that both are the same weights.
 *
 * @param version the policy version asked about
 * @param current the server's current version when it answered
 * @param memory SHA-256 (hex) of the in-memory weights of {@code version}, or null if not held
 * @param durable SHA-256 (hex) of the weights in the durable checkpoint of {@code version}, or null
 *     if there is none
 */
public record WeightsDigest(long version, long current, String memory, String durable) {

    public WeightsDigest {
        Checks.nonNegative(version, "version");
        Checks.nonNegative(current, "current");
    }

    /** True when both copies exist and are equal. */
    public boolean consistent() {
        return memory != null && memory.equals(durable);
    }
}
