package dev.rivulet.operators.learner;

import dev.rivulet.protocol.PolicyVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A model server's versioning in memory: rollback moves the current version and draws a new
 * lineage, prepare and commit record what they were asked; failures can be queued per call.
 */
final class FakeCommitServer implements CommitServer {

    long current;
    long committed;
    int lineages;
    final List<Long> rollbacks = new ArrayList<>();
    final List<Long> prepares = new ArrayList<>();
    final List<Long> commits = new ArrayList<>();

    /** When set, what every commit call answers (a future the test completes later). */
    CompletableFuture<PolicyVersion> commitAnswer;

    final List<Long> retains = new ArrayList<>();

    /** Failures the next version or rollback calls answer with, in order. */
    final Deque<RuntimeException> failures = new ArrayDeque<>();

    /** The version the next rollback answers with instead of the one asked for, or -1. */
    long rollbackAnswer = -1;

    /** The failure every prepare answers with, or null. */
    RuntimeException prepareFailure;

    FakeCommitServer(long current, long committed) {
        this.current = current;
        this.committed = committed;
    }

    PolicyVersion now() {
        return new PolicyVersion(current, Math.min(committed, current), "lineage-" + lineages);
    }

    @Override
    public CompletableFuture<PolicyVersion> version() {
        RuntimeException f = failures.poll();
        return f != null
                ? CompletableFuture.failedFuture(f)
                : CompletableFuture.completedFuture(now());
    }

    @Override
    public CompletableFuture<PolicyVersion> rollback(long version) {
        RuntimeException f = failures.poll();
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        rollbacks.add(version);
        current = rollbackAnswer >= 0 ? rollbackAnswer : version;
        lineages++;
        return CompletableFuture.completedFuture(now());
    }

    @Override
    public CompletableFuture<PolicyVersion> prepare(long version) {
        if (prepareFailure != null) {
            return CompletableFuture.failedFuture(prepareFailure);
        }
        prepares.add(version);
        return CompletableFuture.completedFuture(now());
    }

    @Override
    public CompletableFuture<PolicyVersion> retain(long version) {
        retains.add(version);
        return CompletableFuture.completedFuture(now());
    }

    @Override
    public CompletableFuture<PolicyVersion> commit(long version) {
        commits.add(version);
        committed = version;
        return commitAnswer != null ? commitAnswer : CompletableFuture.completedFuture(now());
    }
}
