package dev.rivulet.server.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.io.AtomicFiles;
import dev.rivulet.server.io.SafeTensors;
import dev.rivulet.server.learn.AdamW;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.OptimizerState;
import dev.rivulet.server.learn.StepStats;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.ParamSpec;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single owner of the monotonically increasing policy version: every trained batch makes a new
 * version and an in-memory snapshot (weights + optimizer); {@code commit(V)} drops snapshots older
 * than V, {@code rollback(V)} restores V exactly and forgets later versions and their ledger
 * entries, and checkpoints persist the current state atomically. Durable checkpoints for the
 * two-phase commit ({@link #prepare}, {@link #publishCommitted}) are named {@code ckpt-<version>};
 * {@code LATEST} names the committed one, which a restart restores.
 *
 * <p>The ledger keeps only a window in memory: {@code commit(V)} archives the entries of versions
 * up to {@code V - window} (the new horizon) to {@code ledger-archive.tsv} in the archive directory
 * (the checkpoint root; appended and fsynced before they leave memory) or, without one, drops them
 * and only counts them. Checkpoints hold the window and its horizon; a restore truncates the
 * archive to the restored horizon. Rollbacks never reach below the committed version, which is at
 * least the horizon plus the window, so archived rows are never rolled back.
 *
 * <p>Not thread-safe: the caller serialises training, generation and these calls.
 */
public final class PolicyStore {

    /** File in a checkpoint root naming the newest complete checkpoint directory. */
    public static final String LATEST = "LATEST";

    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final String LEDGER = "ledger.tsv";
    private static final String META = "meta.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    /** Versions of ledger entries kept in memory behind the committed version by default. */
    public static final int DEFAULT_LEDGER_WINDOW = 64;

    private static final Pattern CKPT_NAME = Pattern.compile("ckpt-(\\d{12})(-\\d+)?");

    private final Learner learner;
    private final NavigableMap<Long, Snapshot> snapshots = new TreeMap<>();
    private final Ledger ledger = new Ledger();
    private long version;
    private long committed;
    private final long window;
    private final LedgerArchive archive;

    /** Where the tokenizer files written into every checkpoint come from, or null for none. */
    private volatile Path modelFiles;

    /**
     * A store at version 0 holding a snapshot of the learner's current state, with the default
     * ledger window and no archive file (archived ledger rows are only counted).
     */
    public PolicyStore(Learner learner) {
        this(learner, DEFAULT_LEDGER_WINDOW, null);
    }

    /**
     * A store at version 0 holding a snapshot of the learner's current state.
     *
     * @param ledgerWindow versions of ledger entries kept in memory behind the committed version
     *     (at least 1)
     * @param archiveRoot directory of {@code ledger-archive.tsv} (the checkpoint root), or null to
     *     drop archived rows and only count them
     */
    public PolicyStore(Learner learner, int ledgerWindow, Path archiveRoot) {
        if (ledgerWindow < 1) {
            throw new IllegalArgumentException("ledger window must be >= 1, got " + ledgerWindow);
        }
        this.learner = learner;
        this.window = ledgerWindow;
        this.archive = archiveRoot == null ? null : new LedgerArchive(archiveRoot);
        snapshots.put(0L, capture(0));
    }

    /**
     * Copies the tokenizer files of {@code dir} (tokenizer.json, tokenizer_config.json,
     * generation_config.json) into every checkpoint written from now on, so that a checkpoint is a
     * complete Hugging Face model directory.
     */
    public void copyModelFilesFrom(Path dir) {
        this.modelFiles = dir;
    }

    /** The current policy version. */
    public long version() {
        return version;
    }

    /** The newest committed version. */
    public long committedVersion() {
        return committed;
    }

    /** Versions that can be rolled back to. */
    public NavigableSet<Long> heldVersions() {
        return Collections.unmodifiableNavigableSet(snapshots.navigableKeySet());
    }

    /** The ledger of trained rollouts. */
    public Ledger ledger() {
        return ledger;
    }

    /**
     * Trains on a batch unless its id is already in the ledger (then returns the version it made,
     * marked duplicate); on success the version increases by one and is snapshotted.
     */
    public StepOutcome train(MicroBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("empty batch: null");
        }
        if (batch.batchId() != null) {
            var done = ledger.batchVersion(batch.batchId());
            if (done.isPresent()) {
                return new StepOutcome(done.get(), null, true);
            }
        }
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
        version++;
        ledger.record(batch.batchId(), ids, version);
        snapshots.put(version, capture(version));
        return new StepOutcome(version, stats, false);
    }

    /**
     * Marks {@code v} committed: its snapshot is kept and older ones are dropped. Committing a
     * version older than the last commit is ignored (a repeat after a restore).
     *
     * @throws IllegalArgumentException if {@code v} is newer than the current version or not held
     */
    public void commit(long v) {
        if (v <= committed) {
            return;
        }
        if (!snapshots.containsKey(v)) {
            throw new IllegalArgumentException(
                    "cannot commit version "
                            + v
                            + ": current "
                            + version
                            + ", held "
                            + heldVersions());
        }
        committed = v;
        snapshots.headMap(v, false).clear();
        try {
            archiveUpTo(v - window);
        } catch (IOException e) {
            LOG.warn(
                    "cannot archive ledger rows up to version {} to {}; they stay in memory and"
                            + " the next commit tries again",
                    v - window,
                    archive.file(),
                    e);
        }
    }

    /**
     * Moves the ledger's entries of versions up to {@code h} out of memory: appended (fsynced) to
     * the archive first, then dropped.
     */
    private void archiveUpTo(long h) throws IOException {
        if (h <= ledger.horizon()) {
            return;
        }
        if (h > committed) {
            throw new IllegalStateException(
                    "cannot archive ledger rows up to " + h + ": committed is " + committed);
        }
        if (archive != null) {
            archive.append(ledger.archiveRows(h));
        }
        ledger.dropUpTo(h);
    }

    /**
     * The ledger as it is now, to be read later without holding the lock that guards this store:
     * the in-memory window is copied, and of the append-only archive only the rows up to the
     * current horizon within its current length will be read.
     */
    public LedgerView ledgerView() throws IOException {
        return new LedgerView(
                archive,
                archive == null ? 0 : archive.length(),
                ledger.horizon(),
                ledger.entries());
    }

    /** A snapshot of the ledger taken by {@link #ledgerView()}. */
    public static final class LedgerView {
        private final LedgerArchive archive;
        private final long archiveBytes;
        private final long horizon;
        private final List<LedgerRecord> window;

        private LedgerView(
                LedgerArchive archive, long archiveBytes, long horizon, List<LedgerRecord> window) {
            this.archive = archive;
            this.archiveBytes = archiveBytes;
            this.horizon = horizon;
            this.window = window;
        }

        /** Every trained rollout of the snapshot in training order. */
        public void forEach(Consumer<LedgerRecord> sink) throws IOException {
            if (archive != null) {
                archive.forEachRollout(horizon, archiveBytes, sink);
            }
            window.forEach(sink);
        }
    }

    /**
     * Every trained rollout in training order: the archive's rows up to the horizon, then the
     * in-memory window. Without an archive file only the window (archived rows were counted, {@link
     * Ledger#archivedRollouts()}).
     */
    public void forEachLedgerEntry(Consumer<LedgerRecord> sink) throws IOException {
        ledgerView().forEach(sink);
    }

    /**
     * Restores the weights and optimizer state of {@code v} bit-exactly and forgets every later
     * version, its snapshot and its ledger entries.
     *
     * @throws IllegalArgumentException if {@code v} is not held
     */
    public void rollback(long v) {
        Snapshot s = snapshots.get(v);
        if (s == null) {
            throw new IllegalArgumentException(
                    "cannot roll back to version " + v + ": held versions are " + heldVersions());
        }
        if (v < ledger.horizon()) {
            throw new IllegalStateException(
                    "rollback to "
                            + v
                            + " below the ledger horizon "
                            + ledger.horizon()
                            + " (committed "
                            + committed
                            + ")");
        }
        learner.policy().importParameters(s.weights());
        learner.optimizer().importState(s.optimizer());
        snapshots.tailMap(v, false).clear();
        ledger.dropAfter(v);
        version = v;
        committed = Math.min(committed, v);
    }

    private Snapshot capture(long v) {
        return new Snapshot(
                v, learner.policy().exportParameters(), learner.optimizer().exportState());
    }

    /**
     * Writes weights, optimizer, version and ledger of the current version to a new directory under
     * {@code root} and points {@code root/LATEST} at it, each step atomic; keeps the newest two
     * checkpoint directories and deletes temporaries of interrupted writes.
     *
     * @return the checkpoint directory
     */
    public Path checkpoint(Path root) throws IOException {
        return checkpoint(root, version);
    }

    /**
     * Like {@link #checkpoint(Path)} for a held version {@code v}: its weights, optimizer state and
     * the ledger up to {@code v}.
     *
     * @throws IllegalArgumentException if {@code v} is not held
     */
    public Path checkpoint(Path root, long v) throws IOException {
        Snapshot s = held(v, "checkpoint");
        String name = String.format("ckpt-%012d-%d", v, System.nanoTime());
        Path dir = root.resolve(name);
        write(dir, s);
        AtomicFiles.writeString(root.resolve(LATEST), name + "\n");
        pruneOld(root, name);
        deleteTemporaries(root); // left by a write that was killed
        return dir;
    }

    /**
     * Phase one of a commit: makes the held version {@code v} durable as {@code root/ckpt-<v>}
     * (weights, optimizer, ledger up to {@code v}; written atomically) without changing what a
     * restart restores. A version that already has a durable checkpoint is left as it is.
     *
     * @return the durable checkpoint directory of {@code v}
     * @throws IllegalArgumentException if {@code v} is not held and has no durable checkpoint
     */
    public Path prepare(Path root, long v) throws IOException {
        Path existing = durableCheckpoints(root).get(v);
        if (existing != null) {
            return existing;
        }
        Snapshot s = held(v, "prepare");
        Path dir = root.resolve(String.format("ckpt-%012d", v));
        write(dir, s);
        return dir;
    }

    /**
     * Phase two: points {@code root/LATEST} (what a restart restores) at the durable checkpoint of
     * {@code v}, preparing it first if needed, then deletes durable checkpoints of older versions
     * and temporary directories left by interrupted writes. Does not change the in-memory state;
     * call {@link #commit(long)} too.
     *
     * @return the committed checkpoint directory
     */
    public Path publishCommitted(Path root, long v) throws IOException {
        Path dir = prepare(root, v);
        AtomicFiles.writeString(root.resolve(LATEST), dir.getFileName() + "\n");
        for (Map.Entry<Long, Path> e : durableCheckpoints(root).headMap(v, false).entrySet()) {
            AtomicFiles.deleteRecursively(e.getValue());
        }
        deleteTemporaries(root);
        return dir;
    }

    /**
     * Deletes the durable checkpoints of versions after {@code v}: after a rollback to {@code v}
     * they belong to a forgotten lineage.
     */
    public static void dropDurableAfter(Path root, long v) throws IOException {
        for (Path dir : durableCheckpoints(root).tailMap(v, false).values()) {
            AtomicFiles.deleteRecursively(dir);
        }
    }

    /**
     * Durable checkpoint directories under {@code root} by version ({@code ckpt-<v>} and the older
     * {@code ckpt-<v>-<nanos>} names; for a version with several, the newest name).
     */
    public static NavigableMap<Long, Path> durableCheckpoints(Path root) throws IOException {
        NavigableMap<Long, Path> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs =
                    list.filter(p -> CKPT_NAME.matcher(p.getFileName().toString()).matches())
                            .filter(Files::isDirectory)
                            .sorted()
                            .toList();
        }
        for (Path d : dirs) {
            var m = CKPT_NAME.matcher(d.getFileName().toString());
            if (m.matches()) {
                out.put(Long.parseLong(m.group(1)), d);
            }
        }
        return out;
    }

    /**
     * Returns to version {@code v} from its durable checkpoint (when it is no longer held in
     * memory, for example after a restart): weights, optimizer and ledger are those of {@code v};
     * the committed version is unchanged and snapshots newer than it are dropped.
     *
     * @throws IOException if {@code v} has no durable checkpoint or it cannot be read
     * @throws IllegalArgumentException if {@code v} is below the committed version
     */
    public void rollbackFromDisk(Path root, long v) throws IOException {
        if (v < committed) {
            throw new IllegalArgumentException(
                    "cannot roll back to version " + v + ": below committed version " + committed);
        }
        Path dir = durableCheckpoints(root).get(v);
        if (dir == null) {
            throw new IOException("no durable checkpoint of version " + v + " under " + root);
        }
        Loaded l = load(dir);
        if (l.version() != v) {
            throw new IOException(dir + " holds version " + l.version() + ", expected " + v);
        }
        // The loaded checkpoint's horizon may differ from ours: rows up to the larger one must be
        // in the archive exactly once. Ours is older: archive our rows up to its horizon (versions
        // up to the committed one are the same on every lineage). Its is older: drop its rows
        // that we archived already.
        long loaded = l.ledger().horizon();
        if (loaded > ledger.horizon()) {
            if (loaded > committed) {
                throw new IOException(
                        dir
                                + " has ledger horizon "
                                + loaded
                                + " above the committed version "
                                + committed);
            }
            archiveUpTo(loaded);
        } else {
            l.ledger().dropUpTo(ledger.horizon());
        }
        apply(l);
        snapshots.tailMap(committed, false).clear();
        snapshots.put(version, capture(version));
    }

    /** SHA-256 (hex) of the held snapshot of {@code v}, or null if it is not held. */
    public String memoryDigest(long v) {
        Snapshot s = snapshots.get(v);
        return s == null ? null : digest(s.weights());
    }

    /** SHA-256 (hex) of the weights in the durable checkpoint of {@code v}, or null if none. */
    public String durableDigest(Path root, long v) throws IOException {
        Path dir = durableCheckpoints(root).get(v);
        if (dir == null) {
            return null;
        }
        return digest(ModelDir.readWeights(dir, learner.policy().config()));
    }

    /** SHA-256 (hex) of weight arrays, in order, as big-endian float bits. */
    public static String digest(float[][] weights) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (float[] w : weights) {
                ByteBuffer b = ByteBuffer.allocate(w.length * 4);
                b.asFloatBuffer().put(w);
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Snapshot held(long v, String what) {
        Snapshot s = snapshots.get(v);
        if (s == null) {
            throw new IllegalArgumentException(
                    "cannot " + what + " version " + v + ": held versions are " + heldVersions());
        }
        return s;
    }

    private void write(Path dir, Snapshot s) throws IOException {
        long v = s.version();
        Files.createDirectories(dir.getParent());
        Ledger lines = ledger.upTo(v);
        TransformerPolicy policy = learner.policy();
        AtomicFiles.publishDirectory(
                dir,
                d -> {
                    ModelDir.writeWeights(policy, s.weights(), d);
                    if (modelFiles != null) {
                        ModelDir.copyTokenizerFiles(modelFiles, d);
                    }
                    writeOptimizer(d.resolve(OPTIMIZER), policy, s.optimizer());
                    Files.writeString(d.resolve(LEDGER), lines.toTsv(), StandardCharsets.UTF_8);
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("version", v);
                    meta.put("format", 3);
                    meta.put("ledgerHorizon", lines.horizon());
                    JSON.writeValue(d.resolve(META).toFile(), meta);
                });
    }

    /** Moments as F32 tensors {@code m.<name>} and {@code v.<name>}, the step in the metadata. */
    private static void writeOptimizer(Path file, TransformerPolicy policy, OptimizerState o)
            throws IOException {
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (String prefix : List.of("m.", "v.")) {
            for (ParamSpec p : policy.layout()) {
                names.add(prefix + p.name());
                shapes.add(p.shape());
            }
        }
        int n = o.firstMoment().length;
        Map<String, String> meta = new LinkedHashMap<>(ModelDir.PT_METADATA);
        meta.put("step", Long.toString(o.step()));
        SafeTensors.write(
                file,
                meta,
                names,
                shapes,
                i -> i < n ? o.firstMoment()[i] : o.secondMoment()[i - n],
                SafeTensors.Dtype.F32);
    }

    private static OptimizerState readOptimizer(Path file, TransformerPolicy policy)
            throws IOException {
        SafeTensors st = SafeTensors.openFile(file);
        List<String> names = policy.parameterNames();
        int n = names.size();
        if (st.names().size() != 2 * n) {
            throw new IOException(
                    file + " holds " + st.names().size() + " arrays, expected " + 2 * n);
        }
        float[][] m = new float[n][];
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = st.readFloats("m." + names.get(i));
            v[i] = st.readFloats("v." + names.get(i));
            long size = policy.parameters().get(i).size();
            if (m[i].length != size || v[i].length != size) {
                throw new IOException(file + ": moments of " + names.get(i) + " do not fit");
            }
        }
        String step = st.metadata().get("step");
        if (step == null) {
            throw new IOException(file + " has no step in its metadata");
        }
        return new OptimizerState(Long.parseLong(step), m, v);
    }

    private static void deleteTemporaries(Path root) throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            for (Path p :
                    list.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                AtomicFiles.deleteRecursively(p);
            }
        }
    }

    private static void pruneOld(Path root, String newest) throws IOException {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs =
                    list.filter(p -> p.getFileName().toString().startsWith("ckpt-"))
                            .sorted()
                            .toList();
        }
        for (int i = 0; i < dirs.size() - 2; i++) {
            if (!dirs.get(i).getFileName().toString().equals(newest)) {
                AtomicFiles.deleteRecursively(dirs.get(i));
            }
        }
    }

    /** The checkpoint directory {@code root/LATEST} names, if there is one. */
    public static java.util.Optional<Path> latestCheckpoint(Path root) throws IOException {
        Path latest = root.resolve(LATEST);
        if (!Files.exists(latest)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                root.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim()));
    }

    /**
     * Loads the checkpoint {@code root/LATEST} points to: weights, optimizer, version and ledger;
     * the restored version becomes the only held snapshot and counts as committed.
     *
     * @throws IOException if there is no checkpoint or it does not fit this policy
     */
    public void restore(Path root) throws IOException {
        Path latest = root.resolve(LATEST);
        if (!Files.exists(latest)) {
            throw new IOException("no checkpoint in " + root + " (missing " + LATEST + ")");
        }
        Path dir = root.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
        apply(load(dir));
        if (archive != null) {
            // rows above the restored horizon were archived by a commit whose checkpoint is not
            // the one restored: they are in the restored window (or were never committed)
            LedgerArchive.Kept kept = archive.truncateAbove(ledger.horizon());
            ledger.setArchivedRollouts(kept.rollouts());
            if (kept.lastVersion() != ledger.horizon()) {
                LOG.warn(
                        "ledger archive {} ends at version {} but the checkpoint's horizon is {}:"
                                + " the ledger history is incomplete",
                        archive.file(),
                        kept.lastVersion(),
                        ledger.horizon());
            }
        }
        committed = version;
        snapshots.clear();
        snapshots.put(version, capture(version));
    }

    /** A checkpoint read from disk. */
    private record Loaded(
            long version, float[][] weights, OptimizerState optimizer, Ledger ledger) {}

    private Loaded load(Path dir) throws IOException {
        TransformerPolicy policy = learner.policy();
        PolicyConfig config = ModelDir.readConfig(dir);
        if (!config.equals(policy.config())) {
            throw new IOException(
                    "checkpoint "
                            + dir
                            + " has config "
                            + config
                            + ", the policy has "
                            + policy.config());
        }
        float[][] weights = ModelDir.readWeights(dir, config);
        OptimizerState optimizer = readOptimizer(dir.resolve(OPTIMIZER), policy);
        var meta = JSON.readTree(dir.resolve(META).toFile());
        long restoredVersion = meta.get("version").asLong();
        Ledger restored =
                Ledger.fromTsv(
                        Files.readString(dir.resolve(LEDGER), StandardCharsets.UTF_8),
                        meta.path("ledgerHorizon").asLong(0));
        return new Loaded(restoredVersion, weights, optimizer, restored);
    }

    private void apply(Loaded l) {
        learner.policy().importParameters(l.weights());
        AdamW optimizer = learner.optimizer();
        optimizer.importState(l.optimizer());
        ledger.replaceWith(l.ledger());
        version = l.version();
    }
}
