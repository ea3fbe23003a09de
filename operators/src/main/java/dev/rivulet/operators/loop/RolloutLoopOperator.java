package dev.rivulet.operators.loop;

import dev.rivulet.algo.allocate.Allocation;
import dev.rivulet.algo.allocate.BudgetAllocator;
import dev.rivulet.algo.allocate.PromptEstimate;
import dev.rivulet.algo.select.Candidate;
import dev.rivulet.algo.select.PromptSelector;
import dev.rivulet.algo.select.Selection;
import dev.rivulet.algo.select.SelectorState;
import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.mailbox.AsyncMail;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.operators.telemetry.Telemetry;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
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
 * The RL control loop of one shard of prompts: keeps the pool and per-prompt statistics in keyed
 * state, picks prompts and rollout counts on processing-time ticks, calls the model server
 * asynchronously, receives the answers through the task mailbox, scores them and emits rollouts.
 *
 * <p>In-flight calls are in keyed state and re-issued with the same ids and seeds on restore, as
 * Flink's AsyncWaitOperator does with its queue. Transient failures are retried; a call the server
 * refuses as an invalid request is never sent again: its prompts are sent one per call, and a
 * prompt refused on its own leaves the pool as a dead letter ({@link Telemetry#REFUSED_PROMPTS}),
 * see {@link FailedCall}.
 */
public final class RolloutLoopOperator extends AbstractStreamOperator<ScoredRollout>
        implements OneInputStreamOperator<Prompt, ScoredRollout>,
                Triggerable<Integer, VoidNamespace> {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutLoopOperator.class);

    private transient long lastVersionWarnMillis;
    static final String POOL = "pool";
    static final String INFLIGHT = "inflight";
    static final String CURSOR = "cursor";

    private final RolloutLoopConfig config;
    private final transient AsyncMail mail;

    private transient LoopStrategies strategies;
    private transient PolicyClient client;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient MapState<String, PromptState> pool;
    private transient MapState<Long, InflightCall> inflight;
    private transient ValueState<LoopCursor> cursor;
    private transient volatile boolean closed;

    /** Sync mode: the policy version the learner must reach before the next call (-1: none). */
    private transient long syncWaitVersion = -1;

    /** Bounded asynchrony: the newest generating version seen, and rollouts emitted from it. */
    private transient long countedVersion = -1;

    private transient long emittedAtVersion;

    private transient Counter rolloutsEmitted;
    private transient Counter groupsDropped;
    private transient Counter generateErrors;
    private transient Counter promptsRefused;
    private transient volatile double rewardMean;
    private transient volatile long policyVersion;
    private transient volatile int inflightGauge;
    private transient volatile double rolloutsPerPrompt;

    RolloutLoopOperator(
            StreamOperatorParameters<ScoredRollout> parameters, RolloutLoopConfig config) {
        super(parameters);
        this.config = config;
        this.mail = new AsyncMail(parameters.getMailboxExecutor(), () -> closed);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        pool =
                context.getKeyedStateStore()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        POOL, Types.STRING, TypeInformation.of(PromptState.class)));
        inflight =
                context.getKeyedStateStore()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        INFLIGHT,
                                        Types.LONG,
                                        TypeInformation.of(InflightCall.class)));
        cursor =
                context.getKeyedStateStore()
                        .getState(
                                new ValueStateDescriptor<>(
                                        CURSOR, TypeInformation.of(LoopCursor.class)));
    }

    @Override
    public void open() throws Exception {
        super.open();
        strategies = LoopStrategies.from(config);
        client = PolicyClients.open(config.endpoint());
        timers = getInternalTimerService("rollout-loop", VoidNamespaceSerializer.INSTANCE, this);
        registerMetrics(getMetricGroup().addGroup("rivulet"));
        reissueRestoredCalls();
    }

    private void registerMetrics(MetricGroup g) {
        rolloutsEmitted = g.counter("rollouts");
        groupsDropped = g.counter("groups_dropped");
        generateErrors = g.counter("generate_errors");
        promptsRefused = g.counter("prompts_refused");
        g.gauge("reward_mean", () -> rewardMean);
        g.gauge("policy_version", () -> policyVersion);
        g.gauge("inflight_requests", () -> inflightGauge);
        g.gauge("rollouts_per_prompt", () -> rolloutsPerPrompt);
    }

    /** After a restore, sends every call that was in flight at the checkpoint again. */
    private void reissueRestoredCalls() throws Exception {
        List<Integer> shards;
        try (Stream<?> keys =
                getKeyedStateBackend().<VoidNamespace>getKeys(INFLIGHT, VoidNamespace.INSTANCE)) {
            shards = keys.map(k -> (Integer) k).distinct().toList();
        }
        for (Integer shard : shards) {
            setCurrentKey(shard);
            for (InflightCall call : inflight.values()) {
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
        Prompt prompt = element.getValue();
        if (!pool.contains(prompt.id())) {
            pool.put(prompt.id(), PromptState.fresh(prompt, strategies.tracker().initial()));
        }
        armTimer();
    }

    private void armTimer() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        long tick = config.tickMillis();
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, (now / tick + 1) * tick);
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        int shard = timer.getKey();
        LoopCursor c = cursorValue();
        if (!learnerCaughtUp()) {
            armTimer();
            return;
        }
        int bound = config.sync() ? 1 : config.maxInflightCalls();
        while (c.inflight() < bound && !aheadOfLearner()) {
            Planned planned = nextCall(shard, c);
            if (planned == null) {
                break;
            }
            InflightCall call = planned.call();
            inflight.put(call.callId(), call);
            c =
                    new LoopCursor(
                            c.nextCallId() + 1, c.step() + 1, c.inflight() + 1, planned.selector());
            cursor.update(c);
            issue(shard, call);
        }
        inflightGauge = c.inflight();
        if (c.inflight() < bound) {
            armTimer(); // nothing to do yet (empty pool or every prompt busy): look again later
        }
    }

    /**
     * Bounded asynchrony: true when the rollouts emitted from the newest version plus those in
     * flight reach the bound; the shard then waits for the learner's next version.
     */
    private boolean aheadOfLearner() throws Exception {
        int bound = config.maxRolloutsPerVersion();
        if (config.sync() || bound <= 0 || countedVersion < 0) {
            return false;
        }
        long inflightSamples = 0;
        for (InflightCall call : inflight.values()) {
            for (GenerationRequest r : call.requests()) {
                inflightSamples += r.numSamples();
            }
        }
        if (emittedAtVersion + inflightSamples < bound) {
            return false;
        }
        syncWaitVersion = Math.max(syncWaitVersion, countedVersion + 1);
        return true;
    }

    /** Sync mode: true once the learner has trained on the last call's rollouts. */
    private boolean learnerCaughtUp() throws Exception {
        if (syncWaitVersion < 0) {
            return true;
        }
        long v;
        try {
            v =
                    client.version()
                            .get(
                                    config.endpoint().deadlineMillis(),
                                    java.util.concurrent.TimeUnit.MILLISECONDS)
                            .current();
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            // the server is away or failing: keep waiting (the next tick asks again) rather
            // than failing the task; the learner's own checks decide about versions
            long now = System.currentTimeMillis();
            if (now - lastVersionWarnMillis > 10_000) {
                lastVersionWarnMillis = now;
                LOG.warn("cannot read the server's version, waiting: {}", e.toString());
            }
            return false;
        }
        if (v < syncWaitVersion - 1) {
            // the server is behind the weights that made the rollouts counted against the bound:
            // it was rolled back (a LearnerSink restore), those rollouts are dropped as stale, and
            // waiting for a version past them would wait for training that needs new rollouts
            // (a stall seen after a TaskManager kill: calls re-issued on restore were answered
            // by the pre-rollback weights)
            LOG.info(
                    "the server is at version {}, behind the version {} the counted rollouts were"
                            + " made by (rolled back): generating again",
                    v,
                    syncWaitVersion - 1);
            syncWaitVersion = -1;
            countedVersion = -1;
            emittedAtVersion = 0;
            return true;
        }
        if (v < syncWaitVersion) {
            return false;
        }
        syncWaitVersion = -1;
        emittedAtVersion = 0; // the learner moved on: the new version starts a fresh budget
        return true;
    }

    /** A call ready to send and the selector cursor after it. */
    private record Planned(InflightCall call, SelectorState selector) {}

    /** Selects prompts and rollout counts for the next call, or null when none is available. */
    private Planned nextCall(int shard, LoopCursor c) throws Exception {
        Set<String> busy = new HashSet<>();
        for (InflightCall call : inflight.values()) {
            for (GenerationRequest r : call.requests()) {
                busy.add(r.promptId());
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        Map<String, PromptState> states = new HashMap<>();
        for (Map.Entry<String, PromptState> e : pool.entries()) {
            if (busy.contains(e.getKey())) {
                continue;
            }
            PromptState s = e.getValue();
            TrackerState t = strategies.scorer().trackerAt(s, c.step());
            candidates.add(strategies.candidate(e.getKey(), t));
            states.put(e.getKey(), s);
        }
        if (candidates.isEmpty()) {
            return null;
        }
        SplittableRandom rng = rng(shard, c.step(), 0);
        PromptSelector selector = strategies.selector();
        Selection sel = selector.select(candidates, config.promptsPerCall(), c.selector(), rng);
        if (sel.size() == 0) {
            return null;
        }
        List<PromptEstimate> estimates = new ArrayList<>(sel.size());
        for (String id : sel.promptIds()) {
            TrackerState t = strategies.scorer().trackerAt(states.get(id), c.step());
            estimates.add(strategies.estimate(id, t));
        }
        BudgetAllocator allocator = strategies.allocator();
        Allocation alloc = allocator.allocate(estimates);
        List<GenerationRequest> requests = new ArrayList<>(sel.size());
        for (int i = 0; i < alloc.size(); i++) {
            int n = alloc.rollouts(i);
            if (n < 1) {
                continue;
            }
            Prompt p = states.get(alloc.promptIds().get(i)).prompt();
            String requestId = "s" + shard + "-c" + c.nextCallId() + "-p" + i;
            long seed = rng(shard, c.nextCallId(), i + 1).nextLong();
            requests.add(
                    new GenerationRequest(
                            requestId,
                            p.id(),
                            p.text(),
                            n,
                            config.temperature(),
                            config.topP(),
                            config.maxNewTokens(),
                            seed,
                            false,
                            config.template(),
                            config.systemPrompt()));
        }
        return requests.isEmpty()
                ? null
                : new Planned(new InflightCall(c.nextCallId(), c.step(), requests), sel.next());
    }

    private SplittableRandom rng(int shard, long step, long salt) {
        long s = config.seed() * 0x9E3779B97F4A7C15L + shard * 0xBF58476D1CE4E5B9L;
        s ^= step * 0x94D049BB133111EBL + salt;
        return new SplittableRandom(s);
    }

    private LoopCursor cursorValue() throws Exception {
        LoopCursor c = cursor.value();
        return c == null ? LoopCursor.start(config.seed()) : c;
    }

    /** Sends a call; its answer comes back as a mail on the task thread. */
    private void issue(int shard, InflightCall call) {
        CompletableFuture<List<Completion>> f = client.generate(call.requests());
        f.whenComplete(
                (completions, error) ->
                        mail.post(
                                () -> onGenerated(shard, call, completions, error),
                                "rollout-loop completion of call %s",
                                call.callId()));
    }

    private void onGenerated(
            int shard, InflightCall call, List<Completion> completions, Throwable error)
            throws Exception {
        if (closed) {
            return;
        }
        setCurrentKey(shard);
        if (!inflight.contains(call.callId())) {
            return; // answered twice (a re-issue raced the original): keep the first
        }
        if (error != null) {
            switch (FailedCall.decide(call, error)) {
                case SPLIT -> isolate(shard, call, error);
                case DROP_PROMPT -> dropRefused(shard, call, error);
                default -> retryLater(shard, call, error);
            }
            return;
        }
        if (config.klAdaptive()) {
            List<ScoreRequest> rescore = new ArrayList<>();
            for (GenerationRequest r : call.requests()) {
                PromptState s = pool.get(r.promptId());
                if (s != null && s.hasStoredResponse()) {
                    rescore.add(
                            new ScoreRequest(
                                    r.promptId(), s.lastPromptTokens(), s.lastResponseTokens()));
                }
            }
            if (!rescore.isEmpty()) {
                client.score(rescore)
                        .whenComplete(
                                (scores, err) ->
                                        mail.post(
                                                () -> {
                                                    setCurrentKey(shard);
                                                    if (inflight.contains(call.callId())) {
                                                        finish(
                                                                shard,
                                                                call,
                                                                completions,
                                                                err == null ? scores : List.of());
                                                    }
                                                },
                                                "rollout-loop rescoring of call %s",
                                                call.callId()));
                return;
            }
        }
        finish(shard, call, completions, List.of());
    }

    /** A transient failure: sends the same call again in a second. */
    private void retryLater(int shard, InflightCall call, Throwable error) {
        generateErrors.inc();
        LOG.warn(
                "shard {}: generation call {} failed, retrying: {}",
                shard,
                call.callId(),
                error.toString());
        long at = getProcessingTimeService().getCurrentProcessingTime() + 1000;
        getProcessingTimeService()
                .registerTimer(
                        at,
                        ts -> {
                            setCurrentKey(shard);
                            if (inflight.contains(call.callId())) {
                                issue(shard, call);
                            }
                        });
    }

    /**
     * The server refused a call of several prompts: replaces it by one call per prompt, so the
     * refused prompt is found and the others are served.
     */
    private void isolate(int shard, InflightCall call, Throwable error) throws Exception {
        LoopCursor c = cursorValue();
        List<InflightCall> parts = FailedCall.split(call, c.nextCallId());
        LOG.info(
                "shard {}: the server refused call {} of {} prompts ({}); sending them one by one",
                shard,
                call.callId(),
                parts.size(),
                FailedCall.cause(error).getMessage());
        inflight.remove(call.callId());
        for (InflightCall part : parts) {
            inflight.put(part.callId(), part);
        }
        cursor.update(
                new LoopCursor(
                        c.nextCallId() + parts.size(),
                        c.step(),
                        c.inflight() - 1 + parts.size(),
                        c.selector()));
        for (InflightCall part : parts) {
            issue(shard, part);
        }
    }

    /**
     * The server refused a call of one prompt: the prompt leaves the pool and becomes a dead letter
     * ({@link Telemetry#REFUSED_PROMPTS}) with the server's message; the shard goes on.
     */
    private void dropRefused(int shard, InflightCall call, Throwable error) throws Exception {
        GenerationRequest r = call.requests().get(0);
        String message = FailedCall.cause(error).getMessage();
        PromptState state = pool.get(r.promptId());
        pool.remove(r.promptId());
        promptsRefused.inc();
        LOG.warn(
                "shard {}: prompt {} refused by the server, dropped: {}",
                shard,
                r.promptId(),
                message);
        output.collect(
                Telemetry.REFUSED_PROMPTS,
                new StreamRecord<>(
                        DeadLetterEvent.refused(
                                getProcessingTimeService().getCurrentProcessingTime(),
                                r.promptId(),
                                message,
                                state == null ? r.prompt() : state.prompt().text())));
        releaseSlot(call);
    }

    /** Frees a call's in-flight slot and looks for work on the next tick. */
    private void releaseSlot(InflightCall call) throws Exception {
        inflight.remove(call.callId());
        LoopCursor c = cursorValue();
        c = new LoopCursor(c.nextCallId(), c.step(), Math.max(0, c.inflight() - 1), c.selector());
        cursor.update(c);
        inflightGauge = c.inflight();
        armTimer();
    }

    /** Scores every prompt of a finished call, emits rollouts, frees the in-flight slot. */
    private void finish(
            int shard, InflightCall call, List<Completion> completions, List<ScoreResult> scores)
            throws Exception {
        Map<String, Double> divergence = new HashMap<>();
        for (ScoreResult s : scores) {
            PromptState p = pool.get(s.sequenceId());
            if (p != null) {
                divergence.put(s.sequenceId(), meanAbsDiff(p.lastLogprobs(), s.logprobs()));
            }
        }
        Map<String, List<Completion>> byRequest = new LinkedHashMap<>();
        for (GenerationRequest r : call.requests()) {
            byRequest.put(r.requestId(), new ArrayList<>());
        }
        for (Completion c : completions) {
            List<Completion> g = byRequest.get(c.requestId());
            if (g != null) {
                g.add(c);
            }
        }
        double rewardSum = 0;
        int count = 0;
        int i = 0;
        long emitted = 0;
        long maxVersion = 0;
        for (GenerationRequest r : call.requests()) {
            List<Completion> group = byRequest.get(r.requestId());
            PromptState state = pool.get(r.promptId());
            if (state == null || group.isEmpty()) {
                continue;
            }
            group.sort(java.util.Comparator.comparingInt(Completion::sampleIndex));
            ScoredVisit v =
                    strategies
                            .scorer()
                            .score(
                                    state,
                                    group,
                                    divergence.getOrDefault(r.promptId(), 0.0),
                                    call.step(),
                                    shard,
                                    rng(shard, call.callId(), 1000 + i++));
            pool.put(r.promptId(), v.next());
            for (ScoredRollout out : v.rollouts()) {
                output.collect(new StreamRecord<>(out));
            }
            rolloutsEmitted.inc(v.rollouts().size());
            emitted += v.rollouts().size();
            for (ScoredRollout out : v.rollouts()) {
                maxVersion = Math.max(maxVersion, out.policyVersion());
                if (out.policyVersion() > countedVersion) {
                    countedVersion = out.policyVersion();
                    emittedAtVersion = 0;
                }
                if (out.policyVersion() == countedVersion) {
                    emittedAtVersion++;
                }
            }
            if (v.dropped()) {
                groupsDropped.inc();
            }
            for (RolloutEvent e : v.events()) {
                output.collect(Telemetry.ROLLOUTS, new StreamRecord<>(e));
                rewardSum += e.reward();
                count++;
                policyVersion = Math.max(policyVersion, e.policyVersion());
            }
            rolloutsPerPrompt = v.next().rollouts();
        }
        if (count > 0) {
            rewardMean = rewardSum / count;
        }
        if (config.sync() && emitted > 0) {
            syncWaitVersion = maxVersion + 1;
        }
        releaseSlot(call);
    }

    private static double meanAbsDiff(float[] stored, float[] current) {
        int n = Math.min(stored.length, current.length);
        if (n == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(stored[i] - current[i]);
        }
        return sum / n;
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) {
        // the loop runs on processing time only
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

    /** For tests: the endpoint this loop calls. */
    PolicyEndpoint endpoint() {
        return config.endpoint();
    }
}
