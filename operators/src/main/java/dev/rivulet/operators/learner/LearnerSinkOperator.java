package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.mailbox.AsyncMail;
import dev.rivulet.operators.metrics.CountView;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LearnerSink: keeps the replay buffer in RocksDB keyed state and trains on it one micro-batch
 * at a time, exactly once. A Flink adapter (state, timers, metrics, mailbox) over {@link
 * LearnerCore}, which buffers and carries out the server's answers, and {@link CommitProtocol},
 * which rolls the server back at start and prepares and commits a version with each checkpoint.
 */
public final class LearnerSinkOperator extends AbstractStreamOperator<LearnerStepEvent>
        implements OneInputStreamOperator<ScoredRollout, LearnerStepEvent>,
                Triggerable<Integer, VoidNamespace> {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerSinkOperator.class);

    /** How long a closing learner waits for the last checkpoint's commit to answer. */
    static final long COMMIT_WAIT_ON_CLOSE_MS = 5_000;

    static final String ENTRIES = "buffer-entries";
    static final String ROLLOUTS = "buffer-rollouts";
    static final String META = "learner-meta";
    static final String PENDING = "pending-batch";
    static final String START_VERSION = "learner-start-version";

    /** Rollouts of a batch the server refused as invalid: one dead letter each, with its reason. */
    public static final OutputTag<DeadLetterEvent> REJECTED =
            new OutputTag<>("learner-rejected", TypeInformation.of(DeadLetterEvent.class));

    private final LearnerConfig config;
    private final transient AsyncMail mail;

    private transient PolicyClient client;
    private transient CommitProtocol protocol;

    /** Whether the snapshot being taken is a savepoint (its version is retained for a rewind). */
    private transient boolean savepoint;

    private transient LearnerCore core;
    private transient KeyedLearnerState state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient ListState<Long> startVersionState;
    private transient volatile boolean closed;
    private transient boolean restored;

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
        var meta = new ValueStateDescriptor<>(META, TypeInformation.of(LearnerMeta.class));
        var pending = new ValueStateDescriptor<>(PENDING, TypeInformation.of(PendingBatch.class));
        var entries =
                new MapStateDescriptor<>(
                        ENTRIES, Types.STRING, TypeInformation.of(BufferEntry.class));
        var rollouts =
                new MapStateDescriptor<>(
                        ROLLOUTS, Types.STRING, TypeInformation.of(ScoredRollout.class));
        KeyedStateStore keyed = context.getKeyedStateStore();
        state =
                new KeyedLearnerState(
                        keyed.getState(meta),
                        keyed.getState(pending),
                        keyed.getMapState(entries),
                        keyed.getMapState(rollouts));
        startVersionState =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>(START_VERSION, Types.LONG));
    }

    @Override
    public void open() throws Exception {
        super.open();
        client = PolicyClients.open(config.endpoint());
        protocol =
                new CommitProtocol(
                        CommitServer.of(client),
                        RetryPolicy.of(config.retryMillis()),
                        config.endpoint().deadlineMillis(),
                        CommitProtocol.newestStart(restored ? startVersionState.get() : List.of()));
        core =
                LearnerCore.of(
                        config,
                        state,
                        () -> (Integer) getCurrentKey(),
                        protocol,
                        getProcessingTimeService()::getCurrentProcessingTime);
        timers = getInternalTimerService("learner-sink", VoidNamespaceSerializer.INSTANCE, this);
        register(getMetricGroup().addGroup("rivulet"), core.metrics(), protocol::acknowledged);
        start();
    }

    /**
     * The LearnerSink's metrics in group {@code g}: gauges of the current state, and counters
     * (named {@code *_total}) of what this task did since it started.
     */
    static void register(MetricGroup g, LearnerMetrics m, LongSupplier version) {
        g.gauge("policy_version", version::getAsLong);
        g.gauge("buffer_size", m::buffered);
        g.gauge("effective_gradient_ratio", m::effectiveGradientRatio);
        g.gauge("staleness_mean", m::stalenessMean);
        g.counter("dropped_stale_total", new CountView(m::droppedStale));
        g.counter("rollouts_trained_total", new CountView(m::trained));
        g.counter("rollouts_rejected_total", new CountView(m::rejected));
        g.counter("train_errors_total", new CountView(m::trainErrors));
    }

    /** Puts the server where the state is: per restored learner, or where no learner had state. */
    private void start() throws Exception {
        List<Integer> learners = List.of();
        if (restored) {
            try (Stream<?> keys = getKeyedStateBackend().getKeys(META, VoidNamespace.INSTANCE)) {
                learners = keys.map(k -> (Integer) k).distinct().toList();
            }
        }
        if (learners.isEmpty()) {
            protocol.startWithoutLearners(restored);
        }
        for (Integer learner : learners) {
            setCurrentKey(learner);
            act(learner, core.restore(learner));
        }
    }

    @Override
    public void processElement(StreamRecord<ScoredRollout> element) throws Exception {
        int learner = (Integer) getCurrentKey();
        act(learner, core.add(learner, element.getValue()));
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        act(timer.getKey(), core.waited(timer.getKey()));
    }

    private void act(int learner, LearnerCore.Next next) {
        if (next.send() != null) {
            send(learner, next.send());
        } else if (next.armTimer()) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            timers.registerProcessingTimeTimer(
                    VoidNamespace.INSTANCE, now + config.maxWaitMillis());
        }
    }

    private void send(int learner, PendingBatch p) {
        String id = p.batch().batchId();
        client.train(p.batch().withLineage(protocol.lineage()))
                .whenComplete(
                        (result, error) ->
                                mail.post(
                                        () -> onAnswer(learner, p, result, error),
                                        "learner result of %s",
                                        id));
    }

    private void onAnswer(int learner, PendingBatch p, TrainResult result, Throwable error)
            throws Exception {
        if (closed || !core.isOut(learner, p)) {
            return; // closing, or not the batch out now (an answer from before a restore, say)
        }
        setCurrentKey(learner);
        LearnerCore.Answer answer = core.answer(learner, p, result, error);
        for (DeadLetterEvent letter : answer.deadLetters()) {
            output.collect(REJECTED, new StreamRecord<>(letter));
        }
        if (answer.step() != null) {
            output.collect(new StreamRecord<>(answer.step()));
        }
        if (answer.retry()) { // once the server is found not behind the state
            long expected = core.expectedVersion();
            String id = p.batch().batchId();
            client.version()
                    .whenComplete(
                            (v, err) ->
                                    mail.post(
                                            () -> resendLater(learner, id, expected, v),
                                            "learner retry of %s",
                                            id));
        }
        act(learner, answer.next());
    }

    private void resendLater(int learner, String id, long expected, PolicyVersion server) {
        if (server != null) {
            RetryPolicy.requireServerAt(expected, server.current());
        }
        long at = getProcessingTimeService().getCurrentProcessingTime() + config.retryMillis();
        getProcessingTimeService()
                .registerTimer(
                        at,
                        ts -> {
                            setCurrentKey(learner);
                            act(learner, core.resend(id));
                        });
    }

    /**
     * Prepares the acknowledged version ({@link CommitProtocol#prepare}); a failure fails the
     * checkpoint and, with it, the task: the job restores the previous (prepared) checkpoint.
     */
    @Override
    public OperatorSnapshotFutures snapshotState(
            long checkpointId,
            long timestamp,
            CheckpointOptions checkpointOptions,
            CheckpointStreamFactory factory)
            throws Exception {
        savepoint = checkpointOptions.getCheckpointType().isSavepoint();
        return super.snapshotState(checkpointId, timestamp, checkpointOptions, factory);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        startVersionState.update(List.of(protocol.prepare(context.getCheckpointId(), savepoint)));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        protocol.complete(checkpointId);
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) {
        // processing time only
    }

    @Override
    public void close() throws Exception {
        closed = true;
        try {
            if (protocol != null && !protocol.awaitCommit(COMMIT_WAIT_ON_CLOSE_MS)) {
                LOG.info(
                        "closing with a commit still pending after {} ms; the next start"
                                + " settles it from the server's ledger",
                        COMMIT_WAIT_ON_CLOSE_MS);
            }
            if (client != null) {
                client.close();
            }
        } finally {
            super.close();
        }
    }
}
