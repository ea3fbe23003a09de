package dev.rivulet.server.service;

import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.server.state.VersionLifecycle;
import java.io.IOException;

/**
 * Checks of a request against the policy versions as they are now (so taken under the model lock),
 * each broken rule a {@link PolicyInvalidRequestException} that says nothing was changed.
 */
final class VersionChecks {

    private VersionChecks() {}

    /** A train batch sent for another lineage than the current one is refused. */
    static void lineage(TrainBatch batch, VersionLifecycle versions) {
        String lineage = versions.lineage();
        if (!batch.lineage().isEmpty() && !batch.lineage().equals(lineage)) {
            throw new PolicyInvalidRequestException(
                    "train batch "
                            + batch.batchId()
                            + " was sent for lineage "
                            + batch.lineage()
                            + " but the server has started or rolled back since (now lineage "
                            + lineage
                            + " at version "
                            + versions.current()
                            + "); nothing was applied");
        }
    }

    /** A train batch naming a base version other than the current one is refused. */
    static void baseVersion(TrainBatch batch, VersionLifecycle versions) {
        if (batch.baseVersion() != TrainBatch.ANY_BASE
                && batch.baseVersion() != versions.current()) {
            throw new PolicyInvalidRequestException(
                    "train batch "
                            + batch.batchId()
                            + " expects base version "
                            + batch.baseVersion()
                            + " but the server is at version "
                            + versions.current()
                            + " (committed "
                            + versions.committed()
                            + "); nothing was applied");
        }
    }

    /** Only a held version can be prepared (a committed or older one needs nothing). */
    static void preparable(long version, VersionLifecycle versions) {
        if (version > versions.committed() && !versions.held().contains(version)) {
            throw new PolicyInvalidRequestException(
                    "cannot prepare version "
                            + version
                            + ": the server holds versions "
                            + versions.held()
                            + " (current "
                            + versions.current()
                            + ", committed "
                            + versions.committed()
                            + ")");
        }
    }

    /** A version after the current one cannot be committed. */
    static void committable(long version, VersionLifecycle versions) {
        if (version > versions.current()) {
            throw new PolicyInvalidRequestException(
                    "cannot commit version "
                            + version
                            + ": the current version is "
                            + versions.current());
        }
    }

    /** Only a held or a prepared version can be rolled back to. */
    static void rollbackTarget(long version, VersionLifecycle versions) throws IOException {
        if (!versions.canRollBackTo(version)) {
            throw new PolicyInvalidRequestException(
                    "cannot roll back to version "
                            + version
                            + ": allowed versions are "
                            + versions.committed()
                            + ".."
                            + versions.current()
                            + " (committed..current), the prepared ones "
                            + versions.prepared()
                            + " and the retained ones "
                            + versions.retained());
        }
    }

    /** Only the current version or an older one can be retained. */
    static void retainable(long version, VersionLifecycle versions) {
        if (version < 0 || version > versions.current()) {
            throw new PolicyInvalidRequestException(
                    "cannot retain version "
                            + version
                            + ": the current version is "
                            + versions.current()
                            + "; nothing was changed");
        }
    }

    /** Versions are not negative. */
    static void digestVersion(long version) {
        if (version < 0) {
            throw new PolicyInvalidRequestException("digest: version must be >= 0, got " + version);
        }
    }

    /** Why {@code version}'s weights cannot be served: the versions that can be. */
    static String noWeights(long version, VersionLifecycle versions, String durable) {
        return "weights: version "
                + version
                + " is not held by this learner: current "
                + versions.current()
                + (version > versions.current() ? " (a version not reached yet)" : "")
                + ", held in memory "
                + versions.held()
                + ", durable checkpoints "
                + durable;
    }
}
