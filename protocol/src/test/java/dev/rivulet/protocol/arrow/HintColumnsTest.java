package dev.rivulet.protocol.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.testing.Samples;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The optional hint columns: hinted requests and rollouts round-trip, and batches written without
 * the columns (as before hints existed) or with nulls in them decode as plain.
 */
class HintColumnsTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private static Schema withoutTrailing(Schema s, int dropped) {
        List<Field> f = s.getFields();
        return new Schema(f.subList(0, f.size() - dropped), s.getCustomMetadata());
    }

    @Test
    void hintedRequestsRoundTripNextToPlainOnes() {
        GenerationRequest plain = Samples.request("a", "12+34=", 2);
        GenerationRequest prefix = plain.withHint(Hint.answerPrefix("4", 1));
        GenerationRequest context = plain.withHint(Hint.inContext("Hint: 12+30=42.", 3));
        List<GenerationRequest> rows = List.of(plain, prefix, context);
        try (VectorSchemaRoot root = ArrowCodec.encodeGenerationRequests(rows, allocator)) {
            List<GenerationRequest> back = ArrowCodec.decodeGenerationRequests(root);
            assertThat(back).isEqualTo(rows);
            assertThat(back.get(0).hinted()).isFalse();
            assertThat(back.get(1).hint()).isEqualTo(new Hint("answer-prefix", "4", 1));
            assertThat(back.get(2).hint().level()).isEqualTo(3);
        }
    }

    @Test
    void requestsWithoutHintColumnsDecodeAsPlain() {
        Schema old = withoutTrailing(Schemas.GENERATION_REQUEST, 3);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(old, allocator)) {
            ArrowCodec.writeGenerationRequests(
                    List.of(Samples.request("a", "1+1=", 1).withHint(Hint.answerPrefix("2", 1))),
                    root);
            GenerationRequest back = ArrowCodec.decodeGenerationRequests(root).get(0);
            assertThat(back.hint()).isEqualTo(Hint.NONE);
            assertThat(back.prompt()).isEqualTo("1+1=");
        }
    }

    @Test
    void nullHintCellsDecodeAsPlain() {
        try (VectorSchemaRoot root =
                VectorSchemaRoot.create(Schemas.GENERATION_REQUEST, allocator)) {
            ArrowCodec.writeGenerationRequests(List.of(Samples.request("a", "1+1=", 1)), root);
            root.getVector(Schemas.HINT_KIND).setNull(0);
            root.getVector(Schemas.HINT_TEXT).setNull(0);
            root.getVector(Schemas.HINT_LEVEL).setNull(0);
            assertThat(ArrowCodec.decodeGenerationRequests(root).get(0).hint())
                    .isEqualTo(Hint.NONE);
        }
    }

    @Test
    void aMissingRequiredColumnIsStillRefused() {
        // dropping the last required column shifts the optional ones into its place
        List<Field> f = Schemas.GENERATION_REQUEST.getFields();
        Schema broken = new Schema(f.subList(0, f.size() - 4));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(broken, allocator)) {
            assertThatThrownBy(() -> ArrowCodec.decodeGenerationRequests(root))
                    .isInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("generation request schema mismatch");
        }
    }

    @Test
    void hintedRolloutsRoundTripAndOldTrainRowsArePlain() {
        ScoredRollout plain = Samples.rollout("p");
        ScoredRollout hinted =
                new ScoredRollout(
                        "h",
                        "q",
                        "arith",
                        4,
                        new int[] {1, 2},
                        new int[] {3},
                        new float[] {-0.5f},
                        1.0,
                        0.7,
                        3,
                        "g",
                        new float[0],
                        2,
                        Hint.IN_CONTEXT,
                        2);
        TrainBatch batch = new TrainBatch("b", List.of(plain, hinted), false);
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(batch, allocator)) {
            TrainBatch back = ArrowCodec.decodeTrainBatch(root);
            assertThat(back).isEqualTo(batch);
            assertThat(back.rows().get(1).hinted()).isTrue();
            assertThat(back.rows().get(1).hintLevel()).isEqualTo(2);
            assertThat(back.rows().get(0).hinted()).isFalse();
        }
        Schema old = withoutTrailing(Schemas.trainBatch("b", false), 2);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(old, allocator)) {
            ArrowCodec.writeScoredRollouts(List.of(hinted), root);
            ScoredRollout back = ArrowCodec.decodeTrainBatch(root).rows().get(0);
            assertThat(back.hinted()).isFalse();
            assertThat(back.hintLevel()).isZero();
            assertThat(back.behaviourLogprobs()).containsExactly(-0.5f);
        }
    }

    @Test
    void hintsAreValidatedByName() {
        assertThatThrownBy(() -> new Hint("prefix", "1", 1))
                .hasMessageContaining("hint kind must be 'answer-prefix', 'in-context'")
                .hasMessageContaining("got 'prefix'");
        assertThatThrownBy(() -> Hint.inContext("", 1))
                .hasMessageContaining("a hint has text exactly when it has a kind");
        assertThatThrownBy(() -> Hint.answerPrefix("1", -1))
                .hasMessageContaining("hint level must be >= 0, got -1");
        assertThat(Hint.answerPrefix("12", 2).answerText("34")).isEqualTo("1234");
        assertThat(Hint.inContext("Hint: 12", 2).answerText("1234")).isEqualTo("1234");
        assertThat(Hint.of(null, null, null)).isEqualTo(Hint.NONE);
    }
}
