package dev.rivulet.server.state;

import dev.rivulet.server.io.DirWriter;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.StepStats;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.model.ModelDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The learner's state under version control: every trained batch makes a new version (see {@link
 * VersionLifecycle}, which owns versions, snapshots, commit, rollback and lineage), recorded in the
 * {@link Ledger} and checked against repeats by {@link DuplicateBatches}; versions become durable
 * through a {@link Durability} (a {@link CheckpointDirectory}, or none), in the {@link
 * CheckpointFormat}.
 *
 * <p>The ledger keeps only a window in memory ({@link LedgerWindow}): a commit archives the rows
 * that leave it to the durability's {@link LedgerArchive}. Checkpoints hold the window and its
 * horizon; a restore truncates the archive to the restored horizon.
 *
 * <p>Not thread-safe: the caller serialises training, generation and these calls.
 */
public final class PolicyStore {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(PolicyStore.class);

    /** Versions of ledger entries kept in memory behind the committed version by default. */
    public static final int DEFAULT_LEDGER_WINDOW = 64;

    private final Learner learner;
    private final Durability durability;
    private final Ledger ledger = new Ledger();
    private final LedgerWindow ledgerWindow;
    private final DuplicateBatches duplicates = new DuplicateBatches(ledger);
    private final VersionLifecycle versions;

    /** Where the tokenizer files written into every checkpoint come from, or null for none. */
    private volatile Path modelFiles;

    /** A store at version 0 with the default ledger window and nothing durable. */
    public PolicyStore(Learner learner) {
        this(learner, DEFAULT_LEDGER_WINDOW, Durability.none());
    }

    /**
     * A store at version 0 holding a snapshot of the learner's current state.
     *
     * @param ledgerWindow versions of ledger entries kept in memory behind the committed version
     *     (at least 1)
     * @param durability where versions and archived ledger rows become durable
     */
    public PolicyStore(Learner learner, int ledgerWindow, Durability durability) {
        this.learner = learner;
        this.ledgerWindow = new LedgerWindow(ledger, durability.ledgerArchive(), ledgerWindow);
        this.durability = durability;
        this.versions = new VersionLifecycle(durability, capture(0));
    }

    /**
     * Copies the tokenizer files of {@code dir} (tokenizer.json, tokenizer_config.json,
     * generation_config.json) into every checkpoint written from now on, so that a checkpoint is a
     * complete Hugging Face model directory.
     */
    public void copyModelFilesFrom(Path dir) {
        this.modelFiles = dir;
    }

    /** Versions, commits, rollbacks and the lineage. */
    public VersionLifecycle versions() {
        return versions;
    }

    /** The current policy version. */
    public long version() {
        return versions.current();
    }

    /** The newest committed version. */
    public long committedVersion() {
        return versions.committed();
    }

    /** Versions that can be rolled back to without reading a checkpoint. */
    public NavigableSet<Long> heldVersions() {
        return versions.held();
    }

    /** The ledger of trained rollouts. */
    public Ledger ledger() {
        return ledger;
    }

    /** Which batches were trained already. */
    public DuplicateBatches duplicates() {
        return duplicates;
    }

    /**
     * Trains on a batch unless it was trained already (then returns {@link
     * DuplicateBatches#earlier}); on success the version increases by one and is snapshotted.
     */
    public StepOutcome train(MicroBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("empty batch: null");
        }
        Optional<StepOutcome> earlier = duplicates.earlier(batch.batchId());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        versions.beforeStep();
        List<String> ids = new ArrayList<>();
        if (batch.samples() != null) {
            for (TrainSample s : batch.samples()) {
                if (s != null) {
                    ids.add(s.rolloutId());
                }
            }
        }
        if (ids.contains(null)) {
            throw new IllegalArgumentException(
                    "batch " + batch.batchId() + " has a sample without rollout id");
        }
        ledger.checkNew(batch.batchId(), ids);
        StepStats stats = learner.step(batch);
        long v = versions.current() + 1;
        ledger.record(batch.batchId(), ids, v);
        versions.stepped(capture(v));
        StepOutcome out = new StepOutcome(v, stats, false);
        duplicates.remember(batch.batchId(), out);
        return out;
    }

    /**
     * Phase one of a commit: makes the held version {@code v} durable as {@code ckpt-<v>} (weights,
     * optimizer, ledger up to {@code v}) without changing what a restart restores.
     *
     * @see VersionLifecycle#prepare
     */
    public Optional<Path> prepare(long v) throws IOException {
        return versions.prepare(v, this::content);
    }

    /**
     * Commits {@code v}: durably first (see {@link VersionLifecycle#commit}), then in memory, and
     * archives the ledger rows that leave the window. Older or repeated commits are ignored.
     *
     * @return the committed checkpoint, empty when ignored or nothing is durable
     * @throws IllegalArgumentException if {@code v} is not held
     */
    public Optional<Path> commit(long v) throws IOException {
        if (v <= versions.committed()) {
            return Optional.empty();
        }
        Optional<Path> dir = versions.commit(v, this::content);
        ledgerWindow.committed(v);
        duplicates.forgetArchived();
        return dir;
    }

    /** The ledger as it is now, to be read later without holding the lock guarding this store. */
    public LedgerView ledgerView() throws IOException {
        return ledgerWindow.view();
    }

    /** Every trained rollout in training order: the archive's rows, then the in-memory window. */
    public void forEachLedgerEntry(Consumer<LedgerRecord> sink) throws IOException {
        ledgerView().forEach(sink);
    }

    /**
     * Returns to version {@code v} with its weights, optimizer state and ledger, bit-exactly: from
     * its held snapshot, or else from its prepared checkpoint (for example after a restart); later
     * versions are forgotten.
     *
     * @return true when {@code v} was read from its prepared checkpoint
     * @throws IllegalArgumentException if {@code v} is neither held nor prepared
     */
    public boolean rollback(long v) throws IOException {
        Optional<Snapshot> held = versions.snapshot(v);
        if (held.isEmpty() && versions.rewindable(v)) {
            rewind(v, durability.versions().get(v));
            return true;
        }
        if (held.isEmpty() && !versions.prepared().contains(v)) {
            String below =
                    v < versions.committed()
                            ? "below committed version " + versions.committed() + "; "
                            : "";
            throw new IllegalArgumentException(
                    "cannot roll back to version "
                            + v
                            + ": "
                            + below
                            + "held versions are "
                            + versions.held()
                            + ", prepared "
                            + versions.prepared()
                            + ", retained "
                            + versions.retained());
        }
        if (held.isPresent()) {
            rollbackInMemory(v);
            return false;
        }
        rollForward(v, durability.versions().get(v));
        return true;
    }

    private void rollbackInMemory(long v) throws IOException {
        if (v < ledger.horizon()) {
            throw new IllegalStateException(
                    "rollback to "
                            + v
                            + " below the ledger horizon "
                            + ledger.horizon()
                            + " (committed "
                            + versions.committed()
                            + ")");
        }
        Snapshot s = versions.rollBack(v);
        learner.policy().importParameters(s.weights());
        learner.optimizer().importState(s.optimizer());
        ledger.dropAfter(v);
        duplicates.forgetAfter(v);
    }

    private void rollForward(long v, Path dir) throws IOException {
        CheckpointFormat.Contents c = CheckpointFormat.read(dir, learner.policy());
        if (c.version() != v) {
            throw new IOException(dir + " holds version " + c.version() + ", expected " + v);
        }
        ledgerWindow.reconcile(c.ledger(), versions.committed(), dir);
        apply(c);
        versions.rolledForward(capture(v));
        duplicates.forgetAfter(v);
    }

    /**
     * Rewinds to the retained checkpoint of {@code v} below the committed version (a Flink
     * savepoint restored after training went past it): its weights, optimizer state and ledger
     * become current and committed, {@code LATEST} names it, the checkpoints above it and the
     * archived ledger rows above its horizon are deleted (they belong to the abandoned history).
     */
    private void rewind(long v, Path dir) throws IOException {
        CheckpointFormat.Contents c = CheckpointFormat.read(dir, learner.policy());
        if (c.version() != v) {
            throw new IOException(dir + " holds version " + c.version() + ", expected " + v);
        }
        durability.dropAfter(v);
        durability.publishCommitted(
                v,
                () -> {
                    throw new IllegalStateException("the checkpoint of " + v + " vanished");
                });
        apply(c);
        ledgerWindow.restored();
        versions.rewound(capture(v));
        duplicates.clear();
        LOG.info(
                "rewound to the retained checkpoint of version {} ({}): later checkpoints and"
                        + " ledger rows belong to an abandoned history",
                v,
                dir);
    }

    /**
     * Keeps the durable checkpoint of {@code v} for a later rewind ({@link Durability#retain}); a
     * held version above the committed one is prepared first.
     *
     * @throws IllegalArgumentException if {@code v} is neither durable nor held
     */
    public void retain(long v) throws IOException {
        if (!durability.versions().containsKey(v)) {
            prepare(v);
        }
        durability.retain(v);
    }

    /** SHA-256 (hex) of the held snapshot of {@code v}, or null if it is not held. */
    public String memoryDigest(long v) {
        return versions.snapshot(v).map(Snapshot::digest).orElse(null);
    }

    /**
     * The weights of {@code v} for a generator: its held snapshot's (shared, never modified), or
     * else those of its durable checkpoint (prepared, committed or retained); empty when {@code v}
     * is above the current version (a prepared checkpoint of no lineage yet) or neither held nor
     * durable.
     */
    public Optional<float[][]> weightsOf(long v) throws IOException {
        if (v > versions.current()) {
            return Optional.empty();
        }
        Optional<Snapshot> held = versions.snapshot(v);
        if (held.isPresent()) {
            return Optional.of(held.get().weights());
        }
        Path dir = durability.versions().get(v);
        if (dir == null) {
            return Optional.empty();
        }
        return Optional.of(ModelDir.readWeights(dir, learner.policy().config()));
    }

    /** Versions with a durable checkpoint, oldest first. */
    public NavigableSet<Long> durableVersions() throws IOException {
        return durability.versions().navigableKeySet();
    }

    /** SHA-256 (hex) of the weights in the durable checkpoint of {@code v}, or null if none. */
    public String durableDigest(long v) throws IOException {
        Path dir = durability.versions().get(v);
        if (dir == null) {
            return null;
        }
        return Snapshot.digest(ModelDir.readWeights(dir, learner.policy().config()));
    }

    /**
     * Writes the current version as an extra checkpoint ({@link Durability#snapshot}).
     *
     * @return the checkpoint directory
     * @throws UnsupportedOperationException if nothing is durable
     */
    public Path checkpoint() throws IOException {
        long v = versions.current();
        return durability.snapshot(v, content(versions.require(v, "checkpoint")));
    }

    /**
     * Loads the checkpoint a restart restores (the durability's latest): weights, optimizer,
     * version and ledger; the restored version becomes the only held snapshot and counts as
     * committed.
     *
     * @throws IOException if there is no checkpoint or it does not fit this policy
     */
    public void restore() throws IOException {
        Optional<Path> latest = durability.latest();
        if (latest.isEmpty()) {
            throw new IOException(
                    "no checkpoint in "
                            + durability
                            + " (missing "
                            + CheckpointDirectory.LATEST
                            + ")");
        }
        Path dir = latest.get();
        CheckpointFormat.Contents c = CheckpointFormat.read(dir, learner.policy());
        apply(c);
        ledgerWindow.restored();
        versions.restarted(capture(c.version()));
        duplicates.clear();
    }

    private DirWriter content(Snapshot s) {
        return CheckpointFormat.writer(learner.policy(), s, ledger.upTo(s.version()), modelFiles);
    }

    private Snapshot capture(long v) {
        return new Snapshot(
                v, learner.policy().exportParameters(), learner.optimizer().exportState());
    }

    private void apply(CheckpointFormat.Contents c) {
        learner.policy().importParameters(c.weights());
        learner.optimizer().importState(c.optimizer());
        ledger.replaceWith(c.ledger());
    }
}
