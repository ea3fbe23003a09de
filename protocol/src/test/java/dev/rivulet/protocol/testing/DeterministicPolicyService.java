package dev.rivulet.protocol.testing;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A model server without a model, for tests: answers are a pure function of (request, sample
 * index), token ids are the answer's code points, training only counts versions and keeps a ledger,
 * and commit/rollback follow the real server's rules.
 *
 * <p>Rules: train is idempotent per batch id (a repeat returns the earlier result with {@code
 * duplicate = true}); commit of a version at or below the committed one is a no-op, above the
 * current one is invalid; prepare keeps a "durable" copy of the ledger up to V; rollback to V needs
 * {@code committed <= V <= current} or a prepared V and forgets the batches (and ledger lines) that
 * produced versions after V; a batch with a base version other than the current one is refused.
 * {@link #crash()} simulates a restart from the last commit. Admission (and generate) follow the
 * real server's rules with code points as tokens: a prompt containing a character of {@link
 * #refuseCharacters} cannot be tokenized, and one whose code points plus {@code maxNewTokens}
 * exceed {@link #withContext} is too long; generate refuses such a request as an invalid request.
 * Thread-safe.
 */
public final class DeterministicPolicyService implements PolicyService {

    /** The default answerer: a short text that depends only on prompt, seed and sample index. */
    public static final BiFunction<GenerationRequest, Integer, String> DEFAULT_ANSWERER =
            (request, sample) -> {
                long seed = request.greedy() ? 0 : request.seed();
                int index = request.greedy() ? 0 : sample;
                return "a" + Math.floorMod(Objects.hash(request.prompt(), seed, index), 1000);
            };

    private final BiFunction<GenerationRequest, Integer, String> answerer;
    private final long startMillis = System.currentTimeMillis();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean failGenerate;
    private volatile int context = Integer.MAX_VALUE;
    private volatile String untokenizable = "";

    // guarded by this
    private long current;
    private long committed;
    private long lineageCounter;
    private final java.util.Set<String> refused =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, TrainResult> applied = new LinkedHashMap<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final NavigableMap<Long, List<LedgerEntry>> durable = new TreeMap<>();

    /** A service answering with {@link #DEFAULT_ANSWERER}. */
    public DeterministicPolicyService() {
        this(DEFAULT_ANSWERER);
    }

    /** A service whose completion texts come from {@code answerer(request, sampleIndex)}. */
    public DeterministicPolicyService(BiFunction<GenerationRequest, Integer, String> answerer) {
        this.answerer = Objects.requireNonNull(answerer, "answerer");
    }

    /**
     * Makes generate and train wait this long before answering (until {@link #releaseDelays()}).
     */
    public DeterministicPolicyService withDelay(Duration value) {
        this.delay = Objects.requireNonNull(value, "delay");
        return this;
    }

    /** Ends all present and future delays at once. */
    public void releaseDelays() {
        released.countDown();
    }

    /**
     * Makes train refuse (invalid request) every batch that holds {@code rolloutId}, as the real
     * server refuses a batch whose content it cannot train on.
     */
    public DeterministicPolicyService refuseRollout(String rolloutId) {
        refused.add(rolloutId);
        return this;
    }

    /**
     * Makes prompts whose code points plus {@code maxNewTokens} exceed {@code tokens} unservable.
     */
    public DeterministicPolicyService withContext(int tokens) {
        this.context = tokens;
        return this;
    }

    /** Makes prompts holding any character of {@code chars} unservable (cannot be tokenized). */
    public DeterministicPolicyService refuseCharacters(String chars) {
        this.untokenizable = Objects.requireNonNull(chars, "chars");
        return this;
    }

    /** The refusal of {@code request} under the admission rules, or null when it is servable. */
    public String refusal(GenerationRequest request) {
        String chars = untokenizable;
        for (int i = 0; i < request.prompt().length(); ) {
            int cp = request.prompt().codePointAt(i);
            if (chars.indexOf(cp) >= 0) {
                return "cannot be tokenized: character '"
                        + new String(Character.toChars(cp))
                        + "' is not in the vocabulary";
            }
            i += Character.charCount(cp);
        }
        int tokens = request.prompt().codePointCount(0, request.prompt().length());
        if ((long) tokens + request.maxNewTokens() > context) {
            return "too long: "
                    + tokens
                    + " prompt tokens + "
                    + request.maxNewTokens()
                    + " new tokens > context "
                    + context;
        }
        return null;
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        count("admit");
        List<Admission> out = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            int tokens = r.prompt().codePointCount(0, r.prompt().length());
            String refusal = refusal(r);
            out.add(new Admission(r.requestId(), refusal == null ? tokens : 0, refusal));
        }
        return out;
    }

    /** Makes generate fail with an IllegalStateException (a server error) while set. */
    public DeterministicPolicyService failGenerate(boolean value) {
        this.failGenerate = value;
        return this;
    }

    /** How many times the operation ({@code "generate"}, {@code "train"}, ...) was called. */
    public int callCount(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The deterministic negative log-probability of {@code token} at {@code position}. */
    public static float logprob(int token, int position) {
        return -0.01f - Math.floorMod(token * 31 + position, 100) / 100f;
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        count("generate");
        pause();
        if (failGenerate) {
            throw new IllegalStateException("injected generate failure");
        }
        for (GenerationRequest request : requests) {
            String refusal = refusal(request);
            if (refusal != null) {
                throw new PolicyInvalidRequestException(
                        "generate request " + request.requestId() + ": " + refusal);
            }
        }
        long version = version().current();
        for (GenerationRequest request : requests) {
            int[] promptTokens = request.prompt().codePoints().toArray();
            for (int i = 0; i < request.numSamples(); i++) {
                int[] all = answerer.apply(request, i).codePoints().toArray();
                int n = Math.min(all.length, request.maxNewTokens());
                int[] tokens = java.util.Arrays.copyOf(all, n);
                sink.accept(
                        new Completion(
                                request.requestId(),
                                request.promptId(),
                                i,
                                promptTokens,
                                tokens,
                                logprobs(tokens),
                                new String(tokens, 0, n),
                                version,
                                n < all.length ? FinishReason.LENGTH : FinishReason.STOP));
            }
        }
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        count("train");
        pause();
        synchronized (this) {
            if (!batch.lineage().isEmpty() && !batch.lineage().equals(lineage())) {
                throw new PolicyInvalidRequestException(
                        "train batch "
                                + batch.batchId()
                                + " was sent for lineage "
                                + batch.lineage()
                                + " but the server is on lineage "
                                + lineage()
                                + "; nothing was applied");
            }
            for (ScoredRollout row : batch.rows()) {
                if (refused.contains(row.rolloutId())) {
                    throw new PolicyInvalidRequestException(
                            "train batch "
                                    + batch.batchId()
                                    + ": rollout "
                                    + row.rolloutId()
                                    + " cannot be trained on (injected refusal)");
                }
            }
            TrainResult earlier = applied.get(batch.batchId());
            if (earlier != null) {
                return earlier.asDuplicate();
            }
            if (batch.baseVersion() != TrainBatch.ANY_BASE && batch.baseVersion() != current) {
                throw new PolicyInvalidRequestException(
                        "train batch "
                                + batch.batchId()
                                + " expects base version "
                                + batch.baseVersion()
                                + " but the server is at version "
                                + current);
            }
            current++;
            int tokens = 0;
            double loss = 0;
            double gradNorm = 0;
            for (ScoredRollout row : batch.rows()) {
                ledger.add(new LedgerEntry(row.rolloutId(), batch.batchId(), current));
                tokens += row.responseLength();
                loss -= row.advantage() / batch.rows().size();
                gradNorm += Math.abs(row.advantage()) / batch.rows().size();
            }
            TrainResult result =
                    new TrainResult(
                            batch.batchId(),
                            current,
                            loss,
                            0.0,
                            1.0,
                            0.0,
                            gradNorm,
                            tokens,
                            batch.rows().size(),
                            false);
            applied.put(batch.batchId(), result);
            return result;
        }
    }

    @Override
    public synchronized Health health() {
        count("health");
        return new Health(
                "ok", current, committed, "cpu", System.currentTimeMillis() - startMillis);
    }

    @Override
    public synchronized PolicyVersion version() {
        return new PolicyVersion(current, committed, lineage());
    }

    /** The lineage token: changes on every rollback and crash, as on the real server. */
    private String lineage() {
        return "d" + lineageCounter;
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        count("score");
        long version = version().current();
        List<ScoreResult> results = new ArrayList<>();
        for (ScoreRequest request : requests) {
            results.add(
                    new ScoreResult(
                            request.sequenceId(), logprobs(request.responseTokens()), version));
        }
        return results;
    }

    @Override
    public synchronized PolicyVersion prepare(long version) {
        count("prepare");
        if (version <= committed || durable.containsKey(version)) {
            return version();
        }
        if (version > current) {
            throw new PolicyInvalidRequestException(
                    "cannot prepare version " + version + ": current version is " + current);
        }
        durable.put(version, ledgerUpTo(version));
        return version();
    }

    @Override
    public synchronized PolicyVersion commit(long version) {
        count("commit");
        if (version > current) {
            throw new PolicyInvalidRequestException(
                    "cannot commit version " + version + ": current version is " + current);
        }
        if (version > committed) {
            durable.putIfAbsent(version, ledgerUpTo(version));
            committed = version;
            durable.headMap(committed, false).clear();
        }
        return version();
    }

    /**
     * Simulates a crash and restart: the service comes back at its committed version with that
     * version's ledger; prepared versions stay available for a rollback.
     */
    public synchronized void crash() {
        count("crash");
        current = committed;
        ledger.clear();
        ledger.addAll(durable.getOrDefault(committed, List.of()));
        applied.clear();
        lineageCounter++;
    }

    /** The versions prepared or committed and not yet collected, oldest first. */
    public synchronized List<Long> durableVersions() {
        return List.copyOf(durable.keySet());
    }

    @Override
    public synchronized WeightsDigest digest(long version) {
        count("digest");
        String memory = version >= committed && version <= current ? "v" + version : null;
        String stored = durable.containsKey(version) ? "v" + version : null;
        return new WeightsDigest(version, current, memory, stored);
    }

    private List<LedgerEntry> ledgerUpTo(long version) {
        return ledger.stream().filter(e -> e.policyVersion() <= version).toList();
    }

    @Override
    public synchronized PolicyVersion rollback(long version) {
        count("rollback");
        boolean held = version >= committed && version <= current;
        if (!held && !(version >= committed && durable.containsKey(version))) {
            throw new PolicyInvalidRequestException(
                    "cannot roll back to version "
                            + version
                            + ": it must lie in [committed "
                            + committed
                            + ", current "
                            + current
                            + "] or be prepared (prepared: "
                            + durable.keySet()
                            + ")");
        }
        if (!held) {
            ledger.clear();
            ledger.addAll(durable.get(version));
        }
        current = version;
        applied.values().removeIf(r -> r.policyVersion() > version);
        ledger.removeIf(e -> e.policyVersion() > version);
        durable.tailMap(version, false).clear();
        lineageCounter++;
        return version();
    }

    @Override
    public synchronized CheckpointInfo checkpoint() {
        count("checkpoint");
        return new CheckpointInfo("memory://policy/v" + current, current);
    }

    @Override
    public synchronized List<LedgerEntry> ledger() {
        count("ledger");
        return List.copyOf(ledger);
    }

    private static float[] logprobs(int[] tokens) {
        float[] lp = new float[tokens.length];
        for (int j = 0; j < tokens.length; j++) {
            lp[j] = logprob(tokens[j], j);
        }
        return lp;
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private void pause() {
        Duration d = delay;
        if (d.isZero()) {
            return;
        }
        try {
            released.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during injected delay", e);
        }
    }
}
