package dev.rivulet.protocol;

/**
 * The server's policy versions: the one it serves now and the newest one committed (kept as a
 * snapshot that a rollback can return to), and the lineage token of the current history.
 *
 * @param current the version now served, {@code >= committed}
 * @param committed the newest committed version, {@code >= 0}
 * @param lineage a token that the server draws anew at start-up and on every rollback; a train
 *     batch that names another lineage is refused, so a batch sent before a rollback (by a failed
 *     task attempt, say) can never be applied after it. Empty for a server without fencing.
 */
public record PolicyVersion(long current, long committed, String lineage) {

    public PolicyVersion {
        Checks.nonNegative(committed, "committed");
        if (current < committed) {
            throw new IllegalArgumentException(
                    "current (" + current + ") must be >= committed (" + committed + ")");
        }
        lineage = lineage == null ? "" : lineage;
    }

    /** Versions of a server that does not fence by lineage. */
    public PolicyVersion(long current, long committed) {
        this(current, committed, "");
    }
}
