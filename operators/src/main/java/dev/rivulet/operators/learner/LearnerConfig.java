package dev.rivulet.operators.learner;

import dev.rivulet.operators.client.PolicyEndpoint;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a LearnerSink, fixed when the job graph is built.
 *
 * @param endpoint where the model server listens
 * @param replay replay policy id ({@code fifo}, {@code prioritized})
 * @param replayOptions its options (max-staleness, max-reuse)
 * @param batchSize rollouts per micro-batch
 * @param minBatch smallest partial batch sent once {@code maxWaitMillis} passed without a full one
 * @param maxWaitMillis how long to wait for a full batch while the learner idles
 * @param normalizeAdvantages ask the learner to normalise advantages over the batch (SPO)
 * @param retryMillis back-off before re-sending a batch after a transient failure
 * @param maxTrainFailures how many times the server may fail one batch (an internal error such as a
 *     non-finite gradient; not an unavailable server) before its rollouts become dead letters and
 *     the learner goes on
 */
public record LearnerConfig(
        PolicyEndpoint endpoint,
        String replay,
        Map<String, String> replayOptions,
        int batchSize,
        int minBatch,
        long maxWaitMillis,
        boolean normalizeAdvantages,
        long retryMillis,
        int maxTrainFailures)
        implements Serializable {

    /** The default of {@code maxTrainFailures}. */
    public static final int MAX_TRAIN_FAILURES = 5;

    /** Settings with the default failure limit. */
    public LearnerConfig(
            PolicyEndpoint endpoint,
            String replay,
            Map<String, String> replayOptions,
            int batchSize,
            int minBatch,
            long maxWaitMillis,
            boolean normalizeAdvantages,
            long retryMillis) {
        this(
                endpoint,
                replay,
                replayOptions,
                batchSize,
                minBatch,
                maxWaitMillis,
                normalizeAdvantages,
                retryMillis,
                MAX_TRAIN_FAILURES);
    }

    public LearnerConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(replay, "replay");
        replayOptions = Map.copyOf(replayOptions);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (maxTrainFailures < 1) {
            throw new IllegalArgumentException(
                    "maxTrainFailures must be >= 1, got " + maxTrainFailures);
        }
        if (minBatch < 1 || minBatch > batchSize) {
            throw new IllegalArgumentException(
                    "minBatch must be in 1..batchSize (" + batchSize + "), got " + minBatch);
        }
    }

    /** FIFO replay, batches of 64, staleness bound 4, each rollout trained once. */
    public static LearnerConfig defaults(PolicyEndpoint endpoint) {
        return new LearnerConfig(
                endpoint,
                "fifo",
                Map.of("max-staleness", "4", "max-reuse", "1"),
                64,
                16,
                500,
                false,
                1000);
    }
}
