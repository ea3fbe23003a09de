package dev.rivulet.operators.loop;

import dev.rivulet.operators.mailbox.AsyncMail;
import dev.rivulet.operators.telemetry.Telemetry;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RL control loop of one shard of prompts, adapted to Flink: keyed state, ticks, metrics and
 * outputs here, the logic in {@link ShardLoop}. Every call to the model server ({@link
 * ServerCalls}) is asynchronous and answered through the task mailbox. In-flight calls are in keyed
 * state and re-issued with the same ids and seeds on restore, as Flink's AsyncWaitOperator does;
 * failures are handled as {@link FailedCall} decides (refused prompts become dead letters on {@link
 * Telemetry#REFUSED_PROMPTS}).
 */
public final class RolloutLoopOperator extends AbstractStreamOperator<ScoredRollout>
        implements OneInputStreamOperator<Prompt, ScoredRollout>,
                Triggerable<Integer, VoidNamespace> {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutLoopOperator.class);

    private final RolloutLoopConfig config;
    private final transient AsyncMail mail;
    private final transient LoopGauges gauges = new LoopGauges();
    private transient ShardLoop loop;
    private transient ShardState state;
    private transient ServerCalls calls;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient volatile boolean closed;
    private transient LoopMetrics metrics;

    RolloutLoopOperator(
            StreamOperatorParameters<ScoredRollout> parameters, RolloutLoopConfig config) {
        super(parameters);
        this.config = config;
        this.mail = new AsyncMail(parameters.getMailboxExecutor(), () -> closed);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = KeyedShardState.open(context.getKeyedStateStore(), config.seed());
    }

    @Override
    public void open() throws Exception {
        super.open();
        loop = ShardLoop.of(config);
        calls =
                ServerCalls.open(
                        config, (action, what, args) -> mail.post(action::run, what, args));
        timers = getInternalTimerService("rollout-loop", VoidNamespaceSerializer.INSTANCE, this);
        metrics = LoopMetrics.register(getMetricGroup().addGroup("rivulet"), gauges);
        if (calls.hasFleet()) {
            metrics.fleet(calls::fleetStatus, calls::fleetMembershipChanges);
        }
        reissueRestoredCalls();
    }

    /** After a restore, sends every call that was in flight at the checkpoint again. */
    private void reissueRestoredCalls() throws Exception {
        List<Integer> shards;
        try (Stream<?> keys =
                getKeyedStateBackend()
                        .<VoidNamespace>getKeys(KeyedShardState.INFLIGHT, VoidNamespace.INSTANCE)) {
            shards = keys.map(k -> (Integer) k).distinct().toList();
        }
        for (Integer shard : shards) {
            setCurrentKey(shard);
            for (InflightCall call : state.calls()) {
                LOG.info(
                        "shard {}: re-issuing generation call {} after restore",
                        shard,
                        call.callId());
                issue(shard, call);
            }
            armTimer();
        }
    }

    @Override
    public void processElement(StreamRecord<Prompt> element) throws Exception {
        loop.admit(element.getValue(), state);
        armTimer();
    }

    private void armTimer() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        long tick = config.pacing().tickMillis();
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, (now / tick + 1) * tick);
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        if (loop.gate().isOpen()) {
            generate(timer.getKey());
            return;
        }
        if (loop.gate().shouldCheck(timer.getKey())) {
            calls.version(this::onVersion);
        }
        armTimer();
    }

    /** Sends the shard's next calls; looks again on a later tick while it has room. */
    private void generate(int shard) throws Exception {
        ShardLoop.Plan plan = loop.plan(shard, state);
        plan.calls().forEach(call -> issue(shard, call));
        gauges.inflight(plan.inflight());
        if (plan.lookAgain()) {
            armTimer();
        }
    }

    private void onVersion(PolicyVersion version, Throwable error) throws Exception {
        if (closed) {
            return;
        }
        switch (loop.gate().onAnswer(version, error)) {
            case OPEN -> {
                for (int shard : loop.gate().takeWaiting()) {
                    setCurrentKey(shard);
                    generate(shard);
                }
            }
            case CHECK_AGAIN -> calls.version(this::onVersion);
            case WAIT -> {}
        }
    }

    /** Sends a call; its answer comes back as a mail on the task thread. */
    private void issue(int shard, InflightCall call) {
        calls.generate(call, (completions, error) -> onGenerated(shard, call, completions, error));
    }

    private void onGenerated(
            int shard, InflightCall call, List<Completion> completions, Throwable error)
            throws Exception {
        if (!stillInFlight(shard, call)) {
            return; // answered twice (a re-issue raced the original): keep the first
        }
        if (error != null) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            ShardLoop.Failure f = loop.failed(shard, call, error, now, state);
            f.resend().forEach(part -> issue(shard, part));
            if (f.deadLetter() != null) {
                metrics.promptsRefused.inc();
                output.collect(Telemetry.REFUSED_PROMPTS, new StreamRecord<>(f.deadLetter()));
            }
            if (f.release()) {
                release(call);
            }
            if (f.retryLater()) {
                retryLater(shard, call, error);
            }
            return;
        }
        SegmentContinuations.Plan plan = loop.continuations(call, completions);
        calls.generateMore(
                call,
                plan.requests(),
                call.samples(),
                (more, e) -> rescore(shard, call, completions, plan, more, e));
    }

    /** Rescoring (SPO's KL drift) once a call's continuations (SPO-chain) are answered. */
    private void rescore(
            int shard,
            InflightCall call,
            List<Completion> completions,
            SegmentContinuations.Plan plan,
            List<Completion> more,
            Throwable error)
            throws Exception {
        if (!stillInFlight(shard, call)) {
            return;
        }
        if (error != null) {
            metrics.segmentErrors.inc();
        }
        List<Completion> measured =
                SegmentContinuations.Plan.measured(shard, call.callId(), more, error);
        metrics.segmentContinuations.inc(measured.size());
        calls.score(
                call,
                loop.rescoring(call, completions, state),
                (scores, e) ->
                        finish(
                                shard,
                                call,
                                completions,
                                plan,
                                measured,
                                e == null ? scores : List.of()));
    }

    /** A transient failure: sends the same call again in a second. */
    private void retryLater(int shard, InflightCall call, Throwable error) {
        metrics.generateErrors.inc();
        LOG.warn(
                "shard {}: generation call {} failed, retrying: {}",
                shard,
                call.callId(),
                error.toString());
        long at = getProcessingTimeService().getCurrentProcessingTime() + 1000;
        getProcessingTimeService().registerTimer(at, ts -> retry(shard, call));
    }

    private void retry(int shard, InflightCall call) throws Exception {
        setCurrentKey(shard);
        if (state.inflight(call.callId())) {
            issue(shard, call);
        }
    }

    /** Scores a call that is still in flight and emits its rollouts and telemetry. */
    private void finish(
            int shard,
            InflightCall call,
            List<Completion> completions,
            SegmentContinuations.Plan plan,
            List<Completion> continuations,
            List<ScoreResult> scores)
            throws Exception {
        if (!stillInFlight(shard, call)) {
            return;
        }
        ScoredCall scored =
                loop.finish(shard, call, completions, plan, continuations, scores, state);
        for (ScoredCall.Visit v : scored.visits()) {
            v.visit().rollouts().forEach(r -> output.collect(new StreamRecord<>(r)));
            v.visit()
                    .events()
                    .forEach(e -> output.collect(Telemetry.ROLLOUTS, new StreamRecord<>(e)));
        }
        metrics.scored(call, scored);
        loop.regenerations(shard, call, scored, state).forEach(again -> issue(shard, again));
        release(call);
    }

    /**
     * Whether an answer for {@code call} still counts: the operator is open and the call is still
     * in flight for {@code shard} (made the current key).
     */
    private boolean stillInFlight(int shard, InflightCall call) throws Exception {
        if (closed) {
            return false;
        }
        setCurrentKey(shard);
        return state.inflight(call.callId());
    }

    /** Frees a call's in-flight slot and looks for work on the next tick. */
    private void release(InflightCall call) throws Exception {
        gauges.inflight(loop.release(call, state));
        armTimer();
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) {
        // the loop runs on processing time only
    }

    @Override
    public void close() throws Exception {
        closed = true;
        try {
            if (calls != null) {
                calls.close();
            }
        } finally {
            super.close();
        }
    }
}
