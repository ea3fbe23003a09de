package dev.rivulet.operators.telemetry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * One acknowledged learner step, as the SQL table {@code learner_steps} sees it.
 *
 * <p>The parts nest here and are flat in JSON: a telemetry line holds the fields of {@code id},
 * {@code losses}, {@code batch} and {@code progress} in that order, each in snake_case, with no
 * field for the parts themselves.
 *
 * @param id which step it was and the version it made
 * @param losses what the server reported about the update
 * @param batch figures of the batch's rollouts
 * @param progress the learner's buffer and counters after the step, and how the call went
 */
@JsonDeserialize(using = LearnerStepEvent.FlatReader.class)
public record LearnerStepEvent(
        @JsonUnwrapped Id id,
        @JsonUnwrapped Losses losses,
        @JsonUnwrapped Batch batch,
        @JsonUnwrapped Progress progress) {

    /**
     * Which step and the version it made.
     *
     * @param ts wall-clock milliseconds when the result arrived
     * @param batchId deterministic batch id
     * @param policyVersion version after the step
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Id(long ts, String batchId, long policyVersion) {}

    /**
     * The update's statistics as the server reported them (NaN included).
     *
     * @param loss training loss
     * @param kl KL(behaviour ‖ current) estimate
     * @param entropy mean token entropy
     * @param clipFraction share of clipped tokens
     * @param gradNorm gradient norm before clipping
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Losses(
            double loss, double kl, double entropy, double clipFraction, double gradNorm) {}

    /**
     * Figures of the batch's rollouts.
     *
     * @param samples rollouts in the batch
     * @param tokens response tokens in the batch
     * @param effectiveGradientRatio share of rollouts with a non-zero advantage
     * @param stalenessMean mean policy-version lag of the batch's rollouts
     * @param stalenessMax largest lag in the batch
     * @param rewardMean mean reward of the batch
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Batch(
            int samples,
            int tokens,
            double effectiveGradientRatio,
            double stalenessMean,
            long stalenessMax,
            double rewardMean) {}

    /**
     * The learner after the step.
     *
     * @param bufferSize rollouts left in the replay buffer
     * @param droppedStale rollouts dropped as stale so far
     * @param trainMillis time from send to acknowledgement
     * @param duplicate true when the server had already applied this batch id
     * @param received distinct rollouts the learner has buffered so far (trained, dropped as stale,
     *     or still buffered), for the exactly-once accounting of {@code rivulet chaos}
     * @param rejected rollouts given up so far: of batches the server refused as invalid or failed
     *     {@code rivulet.learner.max-train-failures} times (they are dead letters)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(
            long bufferSize,
            long droppedStale,
            long trainMillis,
            boolean duplicate,
            long received,
            long rejected) {

        /** Progress without rejected rollouts. */
        public Progress(
                long bufferSize,
                long droppedStale,
                long trainMillis,
                boolean duplicate,
                long received) {
            this(bufferSize, droppedStale, trainMillis, duplicate, received, 0);
        }
    }

    /**
     * Reads a flat telemetry line back: each part takes its own fields from the one object and
     * ignores the others.
     */
    static final class FlatReader extends StdDeserializer<LearnerStepEvent> {

        private static final long serialVersionUID = 1L;

        FlatReader() {
            super(LearnerStepEvent.class);
        }

        @Override
        public LearnerStepEvent deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            JsonNode flat = context.readTree(parser);
            return new LearnerStepEvent(
                    context.readTreeAsValue(flat, Id.class),
                    context.readTreeAsValue(flat, Losses.class),
                    context.readTreeAsValue(flat, Batch.class),
                    context.readTreeAsValue(flat, Progress.class));
        }
    }
}
