package dev.rivulet.tools.bench;

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
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.flight.PolicyService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A model-less generation server, used ONLY by {@code bench fleet} and its tests, never where a
 * user would train: it answers arithmetic prompts ({@code a+b=}) correctly with the probability
 * that the {@link LearningCurve} gives for the learner's progress at the version it reports (the
 * {@link SimulatedLearner}'s version when the call starts: weights ship instantly), wrongly ({@code
 * a+b+1}) otherwise, and sleeps a fixed cost per generated token, one call at a time (one model).
 * {@link #fail} makes it answer every call, including those in flight, as unavailable, as a
 * generator process that died.
 */
public final class SimulatedGenerator implements PolicyService {

    private final SimulatedLearner learner;
    private final LearningCurve curve;
    private final long nanosPerToken;
    private final Object model = new Object();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong generated = new AtomicLong();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private volatile boolean failed;

    /**
     * @param learner whose version the generator serves and reports
     * @param curve the accuracy of a version
     * @param nanosPerToken the cost of one generated token
     */
    public SimulatedGenerator(SimulatedLearner learner, LearningCurve curve, long nanosPerToken) {
        if (nanosPerToken < 0) {
            throw new IllegalArgumentException(
                    "the cost per generated token cannot be negative: " + nanosPerToken + " ns");
        }
        this.learner = learner;
        this.curve = curve;
        this.nanosPerToken = nanosPerToken;
    }

    /**
     * The simulated answer to {@code prompt} for sample {@code sample} of a request seeded {@code
     * seed}, by a policy whose accuracy is {@code accuracy}, at {@code version}: deterministic in
     * all of them; {@code "?"} for a prompt that is not {@code a+b=}.
     */
    public static String answer(
            String prompt, long seed, int sample, long version, double accuracy) {
        int plus = prompt.indexOf('+');
        int eq = prompt.indexOf('=', Math.max(plus, 0));
        if (plus <= 0 || eq < plus) {
            return "?";
        }
        long a;
        long b;
        try {
            a = Long.parseLong(prompt.substring(0, plus).trim());
            b = Long.parseLong(prompt.substring(plus + 1, eq).trim());
        } catch (NumberFormatException e) {
            return "?";
        }
        long mixed = seed * 0x9E3779B97F4A7C15L ^ (sample * 0xBF58476D1CE4E5B9L) ^ version;
        boolean right = new SplittableRandom(mixed).nextDouble() < accuracy;
        return Long.toString(right ? a + b : a + b + 1);
    }

    /** Completions generated so far. */
    public long generated() {
        return generated.get();
    }

    /** Nanoseconds spent generating (sleeping the token cost) so far. */
    public long busyNanos() {
        return busyNanos.get();
    }

    /** Ids of every request received, answered or not. */
    public Set<String> received() {
        return Set.copyOf(received);
    }

    /** Ids of the requests answered. */
    public Set<String> answered() {
        return Set.copyOf(answered);
    }

    /** From now on every call, those in flight included, fails as unavailable. */
    public void fail() {
        failed = true;
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        requests.forEach(r -> received.add(r.requestId()));
        List<Completion> out = new ArrayList<>();
        synchronized (model) {
            checkUp();
            long v = learner.currentVersion();
            double accuracy = curve.accuracy(learner.progressAt(v));
            long tokens = 0;
            for (GenerationRequest r : requests) {
                int[] prompt = r.prompt().codePoints().toArray();
                for (int i = 0; i < r.numSamples(); i++) {
                    String text = answer(r.prompt(), r.seed(), i, v, accuracy);
                    int[] t = text.codePoints().toArray();
                    if (t.length > r.maxNewTokens()) {
                        t = Arrays.copyOf(t, r.maxNewTokens());
                        text = new String(t, 0, t.length);
                    }
                    float[] lp = new float[t.length];
                    Arrays.fill(lp, -0.5f);
                    tokens += t.length;
                    out.add(
                            new Completion(
                                    r.requestId(),
                                    r.promptId(),
                                    i,
                                    prompt,
                                    t,
                                    lp,
                                    text,
                                    v,
                                    FinishReason.STOP));
                }
            }
            long cost = tokens * nanosPerToken;
            long t0 = System.nanoTime();
            long end = t0 + cost;
            while (System.nanoTime() < end) {
                SimulatedLearner.sleep(Math.min(end - System.nanoTime(), 10_000_000L));
                checkUp();
            }
            busyNanos.addAndGet(System.nanoTime() - t0);
        }
        out.forEach(sink);
        generated.addAndGet(out.size());
        requests.forEach(r -> answered.add(r.requestId()));
    }

    private void checkUp() {
        if (failed) {
            throw new PolicyUnavailableException("the simulated generator was failed");
        }
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        throw new PolicyInvalidRequestException(
                "a simulated generator does not train: send train batch "
                        + batch.batchId()
                        + " to the learner");
    }

    @Override
    public Health health() {
        return new Health("ok", learner.currentVersion(), 0, "none", 0);
    }

    @Override
    public PolicyVersion version() {
        return learner.version();
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return learner.admit(requests);
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        return learner.score(requests);
    }

    @Override
    public PolicyVersion prepare(long v) {
        throw notTheLearner("prepare");
    }

    @Override
    public WeightsDigest digest(long v) {
        return learner.digest(v);
    }

    @Override
    public PolicyVersion commit(long v) {
        throw notTheLearner("commit");
    }

    @Override
    public PolicyVersion rollback(long v) {
        throw notTheLearner("rollback");
    }

    @Override
    public CheckpointInfo checkpoint() {
        throw notTheLearner("checkpoint");
    }

    @Override
    public List<LedgerEntry> ledger() {
        return List.of();
    }

    private static PolicyInvalidRequestException notTheLearner(String what) {
        return new PolicyInvalidRequestException(
                "a simulated generator does not " + what + ": ask the learner");
    }
}
