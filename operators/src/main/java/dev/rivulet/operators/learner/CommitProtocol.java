package dev.rivulet.operators.learner;

import dev.rivulet.protocol.PolicyVersion;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's side of the exactly-once protocol with the model server. At start the server is
 * rolled back onto a new lineage at the version the state describes; the version acknowledged when
 * a checkpoint is taken is prepared (made durable) on the server before the checkpoint can
 * complete, and committed when it completes.
 */
final class CommitProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(CommitProtocol.class);

    private final CommitServer server;
    private final RetryPolicy retry;
    private final long deadlineMillis;

    /** Checkpoint id → version acknowledged when it was taken (committed once it completes). */
    private final TreeMap<Long, Long> versionsAtCheckpoint = new TreeMap<>();

    /** The newest commit call, until it answers; a stop waits for it ({@link #awaitCommit}). */
    private volatile CompletableFuture<?> inFlightCommit = CompletableFuture.completedFuture(null);

    /** The newest start version a restored checkpoint recorded; -1 when none. */
    private final long restoredStartVersion;

    /**
     * The server lineage this attempt trains on, set by the rollback at start; every batch names
     * it, so a batch of an earlier attempt can never be applied after it.
     */
    private String lineage = "";

    /** The version a learner without state starts from (the one this attempt rolled back to). */
    private long startVersion;

    /** The newest version known to be durable on the server (prepared or committed). */
    private long lastPrepared = -1;

    /** The newest version the server acknowledged (the policy-version gauge). */
    private volatile long acknowledged;

    /**
     * @param deadlineMillis deadline of one call; the calls at start may take four times as long
     * @param restoredStartVersion the newest start version the restored checkpoint recorded ({@link
     *     #newestStart}), or -1 without one
     */
    CommitProtocol(
            CommitServer server,
            RetryPolicy retry,
            long deadlineMillis,
            long restoredStartVersion) {
        this.server = server;
        this.retry = retry;
        this.deadlineMillis = deadlineMillis;
        this.restoredStartVersion = restoredStartVersion;
    }

    /**
     * The newest of the start versions a checkpoint recorded ({@link #prepare}'s, one per former
     * subtask), or -1 when there are none.
     */
    static long newestStart(Iterable<Long> versions) {
        long newest = -1;
        for (Long v : versions) {
            newest = Math.max(newest, v);
        }
        return newest;
    }

    /**
     * Starts without learner state: after a restore from a checkpoint taken before any rollout
     * reached a learner, at the version recorded then; on a fresh start, at the server's committed
     * version (versions beyond it belong to no checkpoint). The rollback also fences off batches
     * that an earlier attempt still has in flight.
     */
    void startWithoutLearners(boolean restored) throws Exception {
        long target;
        if (restored && restoredStartVersion >= 0) {
            target = restoredStartVersion;
            LOG.info(
                    "restored before any rollout reached the learner: rolling the server back"
                            + " to version {}",
                    target);
        } else {
            target = retry.await(server::version, deadlineMillis * 4).committed();
            LOG.info("fresh start: rolling the server back to committed version {}", target);
        }
        rollBackTo(target);
    }

    /**
     * Starts a restored learner at the version its state expects (its checkpoint prepared it, so
     * the server can return there even when it was never committed).
     */
    void restoreLearner(int learner, long version) throws Exception {
        LOG.info(
                "learner {}: restored at policy version {}; rolling the server back",
                learner,
                version);
        rollBackTo(version);
    }

    private void rollBackTo(long target) throws Exception {
        PolicyVersion back = retry.await(() -> server.rollback(target), deadlineMillis * 4);
        if (back.current() != target) {
            throw new IllegalStateException(
                    "the model server answered the rollback to version "
                            + target
                            + " with version "
                            + back.current()
                            + "; refusing to train on weights the restored state does not"
                            + " describe");
        }
        lineage = back.lineage();
        startVersion = target;
        acknowledged = target;
        lastPrepared = target;
    }

    /** The server's versions now (bounded by the deadline). */
    PolicyVersion serverVersion() throws Exception {
        return server.version().get(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    /** The lineage every batch of this attempt names. */
    String lineage() {
        return lineage;
    }

    /** The version a learner without state starts from. */
    long startVersion() {
        return startVersion;
    }

    /** The newest version the server acknowledged. */
    long acknowledged() {
        return acknowledged;
    }

    /** The server acknowledged {@code version} (a step, or a learner starting there). */
    void acknowledge(long version) {
        acknowledged = version;
    }

    /**
     * Phase one of the commit: makes the acknowledged version durable on the server before
     * checkpoint {@code checkpointId} can complete (synchronously, bounded by the deadline) and
     * returns it, for the checkpoint to record. A version already durable is not asked for again,
     * so checkpoints keep completing while the server is away.
     *
     * @throws IllegalStateException when the server could not make it durable (the checkpoint
     *     fails)
     */
    long prepare(long checkpointId) {
        return prepare(checkpointId, false);
    }

    /**
     * {@link #prepare(long)}, and for a savepoint also asks the server to retain the version's
     * checkpoint, so that restoring the savepoint later can rewind the server to it even after
     * later commits (docs/reliability.md, "Rewind"); a failure fails the savepoint.
     */
    long prepare(long checkpointId, boolean savepoint) {
        long version = acknowledged;
        try {
            if (version != lastPrepared) {
                server.prepare(version).get(deadlineMillis, TimeUnit.MILLISECONDS);
                lastPrepared = version;
            }
            if (savepoint) {
                server.retain(version).get(deadlineMillis, TimeUnit.MILLISECONDS);
                LOG.info(
                        "savepoint {}: the model server retains policy version {}",
                        checkpointId,
                        version);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "checkpoint "
                            + checkpointId
                            + ": the model server could not make policy version "
                            + version
                            + " durable: "
                            + e,
                    e);
        }
        versionsAtCheckpoint.put(checkpointId, version);
        return version;
    }

    /**
     * Phase two: commits the version of the newest checkpoint up to {@code checkpointId}
     * (asynchronously; a failed commit is only logged, the next checkpoint commits a later one).
     * Older checkpoints are forgotten, so one that completes late commits nothing.
     */
    void complete(long checkpointId) {
        Map.Entry<Long, Long> e = versionsAtCheckpoint.floorEntry(checkpointId);
        if (e == null) {
            return;
        }
        long version = e.getValue();
        versionsAtCheckpoint.headMap(checkpointId, true).clear();
        inFlightCommit =
                server.commit(version)
                        .whenComplete(
                                (v, err) -> {
                                    if (err != null) {
                                        LOG.warn(
                                                "commit of policy version {} failed (the next"
                                                        + " checkpoint commits a later one): {}",
                                                version,
                                                err.toString());
                                    }
                                });
    }

    /**
     * Waits up to {@code millis} for the newest commit call to answer, so that a job that stops
     * right after a checkpoint commits that checkpoint's version before its client closes (a commit
     * cut off by the close would be lost and logged as a failure). A commit still pending after the
     * wait is left to the next start, which rolls back or forward from the ledger.
     *
     * @return whether no commit is pending any more
     */
    boolean awaitCommit(long millis) {
        try {
            inFlightCommit.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true; // answered, with a failure that complete() has logged
        } catch (TimeoutException e) {
            return false;
        }
    }
}
