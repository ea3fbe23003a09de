package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.algo.replay.ReplayDecision;
import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.algo.replay.ReplayPolicy;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.mailbox.AsyncMail;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the replay buffer in RocksDB keyed state, sends one micro-batch at a time to the learner
 * and owns the exactly-once protocol: the policy version acknowledged before a checkpoint is
 * prepared (made durable) on the server while the checkpoint is taken and committed when it
 * completes; on restore the server is rolled back to the restored version before the pending batch
 * (same id) is sent again; every batch names the base version it expects, and a server found behind
 * the state fails the task.
 */
public final class LearnerSinkOperator extends AbstractStreamOperator<LearnerStepEvent>
        implements OneInputStreamOperator<ScoredRollout, LearnerStepEvent>,
                Triggerable<Integer, VoidNamespace> {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerSinkOperator.class);
    static final String ENTRIES = "buffer-entries";
    static final String ROLLOUTS = "buffer-rollouts";
    static final String META = "learner-meta";
    static final String PENDING = "pending-batch";
    static final String START_VERSION = "learner-start-version";

    /**
     * Rollouts of a batch the server refused as invalid (not a transient failure, not a version
     * conflict): one dead letter each, with the server's reason; the learner goes on.
     */
    public static final OutputTag<DeadLetterEvent> REJECTED =
            new OutputTag<>("learner-rejected", TypeInformation.of(DeadLetterEvent.class));

    private final LearnerConfig config;
    private final transient AsyncMail mail;

    private transient ReplayPolicy replay;
    private transient PolicyClient client;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient MapState<String, BufferEntry> entries;
    private transient MapState<String, ScoredRollout> rollouts;
    private transient ValueState<LearnerMeta> meta;
    private transient ValueState<PendingBatch> pending;
    private transient BufferIndex buffer;

    /**
     * Learners of this subtask with a batch out, mirroring {@code pending} in memory: reading the
     * pending batch (hundreds of rollouts) from RocksDB on every incoming rollout only to test it
     * for null was the LearnerSink's largest cost in the pipeline benchmark.
     */
    private final transient Map<Integer, String> busy = new java.util.HashMap<>();

    private transient ListState<Long> startVersionState;
    private transient long restoredStartVersion = -1;

    /**
     * The server lineage this attempt trains on, set by the rollback in {@link #restoreProtocol};
     * every batch names it, so a batch of an earlier attempt can never be applied after it.
     */
    private transient String lineage = "";

    /** The version a learner without state starts from (the one this attempt rolled back to). */
    private transient long startVersion;

    private transient volatile boolean closed;
    private transient boolean restored;

    /** The newest version known to be durable on the server (prepared or committed). */
    private transient long lastPrepared = -1;

    /** How long {@code open()} waits for an unavailable server before failing. */
    static final long SERVER_WAIT_MILLIS = 300_000;

    /** Checkpoint id → version acknowledged when it was taken (committed once it completes). */
    private final transient TreeMap<Long, Long> versionsAtCheckpoint = new TreeMap<>();

    private transient volatile long versionGauge;
    private transient volatile long bufferGauge;
    private transient volatile long droppedGauge;
    private transient volatile double effectiveGauge;
    private transient volatile double stalenessGauge;
    private transient volatile long trainedGauge;
    private transient volatile long rejectedGauge;

    LearnerSinkOperator(
            StreamOperatorParameters<LearnerStepEvent> parameters, LearnerConfig config) {
        super(parameters);
        this.config = config;
        this.mail = new AsyncMail(parameters.getMailboxExecutor(), () -> closed);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
        entries =
                context.getKeyedStateStore()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        ENTRIES,
                                        Types.STRING,
                                        TypeInformation.of(BufferEntry.class)));
        rollouts =
                context.getKeyedStateStore()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        ROLLOUTS,
                                        Types.STRING,
                                        TypeInformation.of(ScoredRollout.class)));
        buffer = new BufferIndex(entries, rollouts, () -> (Integer) getCurrentKey());
        meta =
                context.getKeyedStateStore()
                        .getState(
                                new ValueStateDescriptor<>(
                                        META, TypeInformation.of(LearnerMeta.class)));
        pending =
                context.getKeyedStateStore()
                        .getState(
                                new ValueStateDescriptor<>(
                                        PENDING, TypeInformation.of(PendingBatch.class)));
        startVersionState =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>(START_VERSION, Types.LONG));
        if (context.isRestored()) {
            for (Long v : startVersionState.get()) {
                restoredStartVersion = Math.max(restoredStartVersion, v);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        replay =
                ReplayPolicies.registry()
                        .create(config.replay(), StrategyOptions.of(config.replayOptions()));
        client = PolicyClients.open(config.endpoint());
        timers = getInternalTimerService("learner-sink", VoidNamespaceSerializer.INSTANCE, this);
        registerMetrics(getMetricGroup().addGroup("rivulet"));
        restoreProtocol();
    }

    private void registerMetrics(MetricGroup g) {
        g.gauge("policy_version", () -> versionGauge);
        g.gauge("buffer_size", () -> bufferGauge);
        g.gauge("dropped_stale", () -> droppedGauge);
        g.gauge("effective_gradient_ratio", () -> effectiveGauge);
        g.gauge("staleness_mean", () -> stalenessGauge);
        g.gauge("rollouts_trained", () -> trainedGauge);
        g.gauge("rollouts_rejected", () -> rejectedGauge);
    }

    /**
     * Puts the server on a new lineage at the version this attempt's state describes: after a
     * restore, the version each learner's restored state expects (then the batch that was pending
     * at the checkpoint is sent again; the server forgot it in the rollback); after a restore from
     * a checkpoint taken before any rollout reached a learner, the version recorded then; on a
     * fresh start, the server's committed version (versions beyond it belong to no checkpoint). The
     * rollback also fences off batches that an earlier attempt still has in flight.
     */
    private void restoreProtocol() throws Exception {
        long timeout = config.endpoint().deadlineMillis() * 4;
        List<Integer> learners = List.of();
        if (restored) {
            try (Stream<?> keys =
                    getKeyedStateBackend().<VoidNamespace>getKeys(META, VoidNamespace.INSTANCE)) {
                learners = keys.map(k -> (Integer) k).distinct().toList();
            }
        }
        if (learners.isEmpty()) {
            long target;
            if (restored && restoredStartVersion >= 0) {
                target = restoredStartVersion;
                LOG.info(
                        "restored before any rollout reached the learner: rolling the server back"
                                + " to version {}",
                        target);
            } else {
                target = awaitServer(client::version, timeout).committed();
                LOG.info("fresh start: rolling the server back to committed version {}", target);
            }
            PolicyVersion back = awaitServer(() -> client.rollback(target), timeout);
            requireRolledBack(target, back);
            lineage = back.lineage();
            startVersion = target;
            versionGauge = target;
            lastPrepared = target;
            return;
        }
        for (Integer learner : learners) {
            setCurrentKey(learner);
            LearnerMeta m = meta.value();
            LOG.info(
                    "learner {}: restored at policy version {}; rolling the server back",
                    learner,
                    m.policyVersion());
            PolicyVersion back = awaitServer(() -> client.rollback(m.policyVersion()), timeout);
            requireRolledBack(m.policyVersion(), back);
            lineage = back.lineage();
            startVersion = m.policyVersion();
            versionGauge = m.policyVersion();
            lastPrepared = m.policyVersion(); // a restored version was prepared by its checkpoint
            bufferGauge = m.buffered();
            droppedGauge = m.droppedStale();
            trainedGauge = m.trained();
            PendingBatch p = pending.value();
            if (p != null) {
                busy.put(learner, p.batch().batchId());
                LOG.info(
                        "learner {}: re-sending batch {} after restore",
                        learner,
                        p.batch().batchId());
                send(learner, p);
            } else {
                armTimer(config.maxWaitMillis());
            }
        }
    }

    private static void requireRolledBack(long target, PolicyVersion back) {
        if (back.current() != target) {
            throw new IllegalStateException(
                    "the model server answered the rollback to version "
                            + target
                            + " with version "
                            + back.current()
                            + "; refusing to train on weights the restored state does not"
                            + " describe");
        }
    }

    /**
     * Calls the server, waiting out an unavailable server (it may be restarting) with backoff for
     * up to {@link #SERVER_WAIT_MILLIS}; other failures are rethrown at once.
     */
    private <T> T awaitServer(
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> call,
            long timeoutMillis)
            throws Exception {
        long deadline = System.currentTimeMillis() + SERVER_WAIT_MILLIS;
        long backoff = 200;
        while (true) {
            try {
                return call.get().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof PolicyUnavailableException)
                        || System.currentTimeMillis() + backoff > deadline) {
                    throw e;
                }
                LOG.warn(
                        "model server unavailable while restoring; retrying in {} ms: {}",
                        backoff,
                        e.getCause().getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    @Override
    public void processElement(StreamRecord<ScoredRollout> element) throws Exception {
        ScoredRollout r = element.getValue();
        int learner = (Integer) getCurrentKey();
        LearnerMeta m = metaValue();
        if (!buffer.contains(learner, r.rolloutId())) {
            buffer.add(
                    learner,
                    new BufferEntry(
                            r.rolloutId(), r.policyVersion(), 0, r.advantage(), m.nextSequence()),
                    r);
            m = with(m, m.nextSequence() + 1, m.nextBatch(), m.buffered() + 1);
            meta.update(m);
            bufferGauge = m.buffered();
        }
        if (!busy.containsKey(learner) && m.buffered() >= config.batchSize()) {
            trySend(learner, false);
        } else {
            armTimer(config.maxWaitMillis());
        }
    }

    private LearnerMeta metaValue() throws Exception {
        LearnerMeta m = meta.value();
        if (m == null) {
            m = LearnerMeta.start(startVersion);
            meta.update(m);
            versionGauge = startVersion;
        }
        return m;
    }

    private static LearnerMeta with(LearnerMeta m, long nextSeq, long nextBatch, long buffered) {
        return new LearnerMeta(
                nextSeq,
                nextBatch,
                m.policyVersion(),
                m.trained(),
                m.droppedStale(),
                buffered,
                m.batches(),
                m.rejected());
    }

    private void armTimer(long delay) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + delay);
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        int learner = timer.getKey();
        if (busy.containsKey(learner)) {
            return; // a batch is out; its answer (or its retry) drives what comes next
        }
        trySend(learner, true);
    }

    /** Asks the replay policy for the next batch; drops stale and exhausted rollouts; sends. */
    private void trySend(int learner, boolean allowPartial) throws Exception {
        LearnerMeta m = metaValue();
        // the policy reads the buffer in place (no copy: it can hold many batches) and changes
        // nothing; the removals below come after its decision
        ReplayDecision d =
                replay.decide(buffer.entries(learner), m.policyVersion(), config.batchSize());
        long dropped = 0;
        for (String id : d.stale()) {
            buffer.remove(learner, id);
            dropped++;
        }
        for (String id : d.exhausted()) {
            buffer.remove(learner, id);
        }
        m = m.withRemoved(dropped, 0, d.exhausted().size());
        long buffered = m.buffered();
        droppedGauge = m.droppedStale();
        bufferGauge = buffered;
        boolean enough = d.full() || (allowPartial && d.train().size() >= config.minBatch());
        if (!enough) {
            meta.update(m);
            armTimer(config.maxWaitMillis());
            return;
        }
        List<ScoredRollout> rows = new ArrayList<>(d.train().size());
        for (String id : d.train()) {
            rows.add(
                    UseIds.forUse(
                            buffer.rollout(learner, id), buffer.entry(learner, id).timesUsed()));
        }
        // unique on the server's surviving history: versions only grow along it, and a rollback
        // to v forgets every batch applied on top of v
        String batchId = "L" + learner + "-v" + m.policyVersion() + "-b" + m.nextBatch();
        TrainBatch batch =
                new TrainBatch(batchId, rows, config.normalizeAdvantages())
                        .withBaseVersion(m.policyVersion());
        PendingBatch p =
                new PendingBatch(
                        batch, d.lastUse(), getProcessingTimeService().getCurrentProcessingTime());
        meta.update(with(m, m.nextSequence(), m.nextBatch() + 1, buffered));
        pending.update(p);
        busy.put(learner, batchId);
        send(learner, p);
    }

    private void send(int learner, PendingBatch p) {
        client.train(p.batch().withLineage(lineage))
                .whenComplete(
                        (result, error) ->
                                mail.post(
                                        () -> onTrained(learner, p, result, error),
                                        "learner result of %s",
                                        p.batch().batchId()));
    }

    private void onTrained(int learner, PendingBatch sent, TrainResult result, Throwable error)
            throws Exception {
        if (closed) {
            return;
        }
        setCurrentKey(learner);
        if (!sent.batch().batchId().equals(busy.get(learner))) {
            return; // not the batch out now (an answer that arrived after a restore, say)
        }
        PendingBatch p = sent; // the same batch as in state, without reading it back
        if (error != null && unwrap(error) instanceof PolicyInvalidRequestException refused) {
            onRefused(learner, p, refused);
            return;
        }
        if (error != null) {
            long expected = meta.value().policyVersion();
            LOG.warn(
                    "learner {}: batch {} failed, checking the server's version, then retrying in {}"
                            + " ms: {}",
                    learner,
                    p.batch().batchId(),
                    config.retryMillis(),
                    error.toString());
            client.version()
                    .whenComplete(
                            (v, err) ->
                                    mail.post(
                                            () -> {
                                                if (v != null) {
                                                    requireServerAt(expected, v.current());
                                                }
                                                retryLater(learner, sent);
                                            },
                                            "learner retry of %s",
                                            sent.batch().batchId()));
            return;
        }
        LearnerMeta before = meta.value();
        if (result.policyVersion() != before.policyVersion() + 1) {
            throw new ServerVersionMismatchException(
                    "learner "
                            + learner
                            + ": batch "
                            + p.batch().batchId()
                            + " made server version "
                            + result.policyVersion()
                            + " but the state expects "
                            + (before.policyVersion() + 1)
                            + "; failing the task so that Flink restores and the server is rolled"
                            + " back");
        }
        LearnerMeta m = meta.value();
        long nonZero = 0;
        double stale = 0;
        long staleMax = 0;
        double reward = 0;
        for (ScoredRollout r : p.batch().rows()) {
            if (Math.abs(r.advantage()) > 1e-12) {
                nonZero++;
            }
            long lag = Math.max(0, m.policyVersion() - r.policyVersion());
            stale += lag;
            staleMax = Math.max(staleMax, lag);
            reward += r.reward();
            String id = UseIds.base(r.rolloutId());
            BufferEntry e = buffer.entry(learner, id);
            if (e != null) {
                buffer.update(
                        learner,
                        new BufferEntry(
                                e.rolloutId(),
                                e.policyVersion(),
                                e.timesUsed() + 1,
                                e.advantage(),
                                e.sequence()));
            }
        }
        long evicted = 0;
        for (String id : p.lastUse()) {
            if (buffer.remove(learner, id)) {
                evicted++;
            }
        }
        int n = p.batch().rows().size();
        m =
                new LearnerMeta(
                        m.nextSequence(),
                        m.nextBatch(),
                        result.policyVersion(),
                        m.trained() + n,
                        m.droppedStale(),
                        m.buffered() - evicted,
                        m.batches() + 1,
                        m.rejected());
        meta.update(m);
        pending.clear();
        busy.remove(learner);
        versionGauge = m.policyVersion();
        bufferGauge = m.buffered();
        trainedGauge = m.trained();
        effectiveGauge = n == 0 ? 0 : (double) nonZero / n;
        stalenessGauge = n == 0 ? 0 : stale / n;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        output.collect(
                new StreamRecord<>(
                        new LearnerStepEvent(
                                new LearnerStepEvent.Id(
                                        System.currentTimeMillis(),
                                        p.batch().batchId(),
                                        result.policyVersion()),
                                new LearnerStepEvent.Losses(
                                        result.loss(),
                                        result.klBehaviour(),
                                        result.entropy(),
                                        result.clipFraction(),
                                        result.gradNorm()),
                                new LearnerStepEvent.Batch(
                                        n,
                                        result.tokens(),
                                        effectiveGauge,
                                        stalenessGauge,
                                        staleMax,
                                        n == 0 ? 0 : reward / n),
                                new LearnerStepEvent.Progress(
                                        m.buffered(),
                                        m.droppedStale(),
                                        now - p.sentAtMillis(),
                                        result.duplicate(),
                                        m.nextSequence()))));
        if (m.buffered() >= config.batchSize()) {
            trySend(learner, false);
        } else {
            armTimer(config.maxWaitMillis());
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The server refused the batch as invalid. If it is no longer on this attempt's lineage or
     * version (someone rolled it back or it restarted), training on would describe weights the
     * state does not know: the task fails and Flink restores. Otherwise the batch itself is bad
     * (the server says why): its rollouts become dead letters with that reason, they leave the
     * buffer, and the learner goes on with the next batch instead of retrying forever.
     */
    private void onRefused(int learner, PendingBatch p, PolicyInvalidRequestException refused)
            throws Exception {
        long expected = meta.value().policyVersion();
        PolicyVersion v =
                client.version().get(config.endpoint().deadlineMillis(), TimeUnit.MILLISECONDS);
        if (v.current() != expected || !v.lineage().equals(lineage)) {
            throw new ServerVersionMismatchException(
                    "learner "
                            + learner
                            + ": batch "
                            + p.batch().batchId()
                            + " was refused ("
                            + refused.getMessage()
                            + ") and the server is at version "
                            + v.current()
                            + " on lineage "
                            + v.lineage()
                            + " while this attempt expects version "
                            + expected
                            + " on lineage "
                            + lineage
                            + "; failing the task so that Flink restores");
        }
        LOG.error(
                "learner {}: the model server refused batch {} ({} rollouts); they go to the dead"
                        + " letters: {}",
                learner,
                p.batch().batchId(),
                p.batch().rows().size(),
                refused.getMessage());
        long now = System.currentTimeMillis();
        String reason = "learner-rejected: " + refused.getMessage();
        for (ScoredRollout r : p.batch().rows()) {
            output.collect(
                    REJECTED,
                    new StreamRecord<>(
                            new DeadLetterEvent(
                                    now,
                                    "learner:" + p.batch().batchId(),
                                    0,
                                    DeadLetterEvent.safeText(
                                            reason, DeadLetterEvent.MAX_TEXT_CHARS),
                                    "learner-rejected",
                                    r.rolloutId() + " " + r.promptId())));
        }
        long removed = 0;
        for (ScoredRollout r : p.batch().rows()) {
            String id = UseIds.base(r.rolloutId());
            if (buffer.remove(learner, id)) {
                removed++;
            }
        }
        LearnerMeta m = meta.value().withRemoved(0, removed, 0);
        meta.update(m);
        pending.clear();
        busy.remove(learner);
        bufferGauge = m.buffered();
        rejectedGauge = m.rejected();
        armTimer(config.maxWaitMillis());
    }

    /**
     * Fails the task when the server is behind the version the state expects: it restarted from an
     * older commit, so training on must not go on; the restore rolls it forward to a prepared
     * version.
     */
    private static void requireServerAt(long expected, long actual) {
        if (actual < expected) {
            throw new ServerVersionMismatchException(
                    "the model server is at policy version "
                            + actual
                            + " but the learner state expects "
                            + expected
                            + " (the server restarted from an older commit); failing the task"
                            + " so that Flink restores and rolls the server to the checkpointed"
                            + " version");
        }
    }

    private void retryLater(int learner, PendingBatch sent) {
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime()
                                + config.retryMillis(),
                        ts -> {
                            setCurrentKey(learner);
                            PendingBatch still = pending.value();
                            if (still != null
                                    && still.batch().batchId().equals(sent.batch().batchId())) {
                                send(learner, still);
                            }
                        });
    }

    /**
     * Phase one of the commit: the version this checkpoint records is made durable on the server
     * before the checkpoint can complete (synchronously, bounded by the deadline). A version
     * already durable is not asked for again, so checkpoints keep completing while the server is
     * away. A failed prepare fails this checkpoint; Flink treats a failure in the synchronous phase
     * as a task failure, so the job restores the previous (prepared) checkpoint, and the restore
     * waits for the server; the job itself keeps running under its restart strategy.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        long version = versionGauge;
        try {
            if (version != lastPrepared) {
                client.prepare(version)
                        .get(config.endpoint().deadlineMillis(), TimeUnit.MILLISECONDS);
                lastPrepared = version;
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "checkpoint "
                            + context.getCheckpointId()
                            + ": the model server could not make policy version "
                            + version
                            + " durable: "
                            + e,
                    e);
        }
        versionsAtCheckpoint.put(context.getCheckpointId(), version);
        startVersionState.update(List.of(version));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map.Entry<Long, Long> e = versionsAtCheckpoint.floorEntry(checkpointId);
        if (e == null) {
            return;
        }
        long version = e.getValue();
        versionsAtCheckpoint.headMap(checkpointId, true).clear();
        client.commit(version)
                .whenComplete(
                        (v, err) -> {
                            if (err != null) {
                                LOG.warn(
                                        "commit of policy version {} failed (the next checkpoint commits a later one): {}",
                                        version,
                                        err.toString());
                            }
                        });
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) {
        // processing time only
    }

    @Override
    public void close() throws Exception {
        closed = true;
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            super.close();
        }
    }
}
