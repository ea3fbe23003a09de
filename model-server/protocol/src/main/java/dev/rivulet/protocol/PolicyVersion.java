package dev.rivulet.protocol;

/**
 * The server's policy versions: the one it serves now and the newest one committed (kept as a
 * snapshot that a rollback can return to).
 *
 * @param current the version now served, {@code >= committed}
 * @param committed the newest committed version, {@code >= 0}
 */
public record PolicyVersion(long current, long committed) {

    public PolicyVersion {
        Checks.nonNegative(committed, "committed");
        if (current < committed) {
            throw new IllegalArgumentException(
                    "current (" + current + ") must be >= committed (" + committed + ")");
        }
    }
}
