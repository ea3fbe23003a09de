package dev.rivulet.protocol.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.testing.Samples;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrowCodecTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close(); // throws IllegalStateException if any buffer leaked
    }

    @Test
    void generationRequestsRoundTrip() {
        List<GenerationRequest> rows = Samples.requests();
        try (VectorSchemaRoot root = ArrowCodec.encodeGenerationRequests(rows, allocator)) {
            assertThat(root.getRowCount()).isEqualTo(4);
            assertThat(ArrowCodec.decodeGenerationRequests(root)).isEqualTo(rows);
        }
    }

    @Test
    void completionsRoundTrip() {
        List<Completion> rows = Samples.completions();
        try (VectorSchemaRoot root = ArrowCodec.encodeCompletions(rows, allocator)) {
            assertThat(ArrowCodec.decodeCompletions(root)).isEqualTo(rows);
        }
    }

    @Test
    void trainBatchRoundTripsWithMetadata() {
        TrainBatch batch = Samples.batch("b-7", 3);
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(batch, allocator)) {
            assertThat(root.getSchema().getCustomMetadata())
                    .containsEntry(Schemas.BATCH_ID_KEY, "b-7")
                    .containsEntry(Schemas.NORMALIZE_ADVANTAGES_KEY, "true");
            assertThat(ArrowCodec.decodeTrainBatch(root)).isEqualTo(batch);
        }
    }

    @Test
    void groupIdsAndPerTokenAdvantagesRoundTrip() {
        TrainBatch batch =
                new TrainBatch(
                        "b-g", List.of(Samples.groupedRollout("a"), Samples.rollout("b")), false);
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(batch, allocator)) {
            TrainBatch back = ArrowCodec.decodeTrainBatch(root);
            assertThat(back).isEqualTo(batch);
            assertThat(back.rows().get(0).groupId()).isEqualTo("visit-a");
            assertThat(back.rows().get(0).tokenAdvantages()).containsExactly(1f, 0f, 0.5f);
            assertThat(back.rows().get(0).groupSize()).isEqualTo(4);
            assertThat(back.rows().get(1).groupSize()).isZero();
            assertThat(back.rows().get(1).hasTokenAdvantages()).isFalse();
        }
    }

    @Test
    void completionEntropiesRoundTrip() {
        try (VectorSchemaRoot root =
                ArrowCodec.encodeCompletions(Samples.completions(), allocator)) {
            List<Completion> back = ArrowCodec.decodeCompletions(root);
            assertThat(back.get(0).entropies()).containsExactly(0.5f, 1.25f);
            assertThat(back.get(1).hasEntropies()).isFalse();
        }
    }

    @Test
    void trainBatchBaseVersionAndLineageRoundTrip() {
        TrainBatch batch = Samples.batch("b-8", 2).withBaseVersion(41).withLineage("ab12");
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(batch, allocator)) {
            assertThat(root.getSchema().getCustomMetadata())
                    .containsEntry(Schemas.BASE_VERSION_KEY, "41")
                    .containsEntry(Schemas.LINEAGE_KEY, "ab12");
            assertThat(ArrowCodec.decodeTrainBatch(root)).isEqualTo(batch);
        }
        try (VectorSchemaRoot root =
                ArrowCodec.encodeTrainBatch(Samples.batch("b-9", 1), allocator)) {
            assertThat(root.getSchema().getCustomMetadata())
                    .doesNotContainKeys(Schemas.BASE_VERSION_KEY, Schemas.LINEAGE_KEY);
        }
    }

    @Test
    void scoreRequestsAndResultsRoundTrip() {
        try (VectorSchemaRoot req =
                        ArrowCodec.encodeScoreRequests(Samples.scoreRequests(), allocator);
                VectorSchemaRoot res =
                        ArrowCodec.encodeScoreResults(Samples.scoreResults(), allocator)) {
            assertThat(ArrowCodec.decodeScoreRequests(req)).isEqualTo(Samples.scoreRequests());
            assertThat(ArrowCodec.decodeScoreResults(res)).isEqualTo(Samples.scoreResults());
        }
    }

    @Test
    void writeReusesARootAndReplacesItsContent() {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.COMPLETION, allocator)) {
            ArrowCodec.writeCompletions(Samples.completions(), root);
            ArrowCodec.writeCompletions(Samples.completions().subList(1, 2), root);
            assertThat(ArrowCodec.decodeCompletions(root))
                    .containsExactly(Samples.completions().get(1));
        }
    }

    @Test
    void wrongSchemaNamesExpectedAndActualFields() {
        try (VectorSchemaRoot root =
                ArrowCodec.encodeScoreRequests(Samples.scoreRequests(), allocator)) {
            assertThatThrownBy(() -> ArrowCodec.decodeCompletions(root))
                    .isInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("completion schema mismatch")
                    .hasMessageContaining("expected fields [request_id: utf8")
                    .hasMessageContaining("but got [sequence_id: utf8, prompt_tokens: list<int32>");
        }
    }

    @Test
    void trainBatchWithoutMetadataIsRejected() {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.TRAIN_ROW, allocator)) {
            ArrowCodec.writeScoredRollouts(List.of(Samples.rollout("x")), root);
            assertThatThrownBy(() -> ArrowCodec.decodeTrainBatch(root))
                    .isInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining(Schemas.BATCH_ID_KEY);
        }
    }

    @Test
    void invalidRowNamesTheRowAndField() {
        try (VectorSchemaRoot root =
                ArrowCodec.encodeGenerationRequests(Samples.requests(), allocator)) {
            root.getVector("num_samples").getDataBuffer().setInt(4, 0); // row 1 -> 0 samples
            assertThatThrownBy(() -> ArrowCodec.decodeGenerationRequests(root))
                    .isInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("generation request row 1")
                    .hasMessageContaining("numSamples must be > 0");
        }
    }

    @Test
    void nullCellIsRejectedWithItsColumn() {
        try (VectorSchemaRoot root =
                ArrowCodec.encodeGenerationRequests(Samples.requests(), allocator)) {
            ((VarCharVector) root.getVector("prompt")).setNull(2);
            assertThatThrownBy(() -> ArrowCodec.decodeGenerationRequests(root))
                    .isInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("row 2")
                    .hasMessageContaining("column prompt is null");
        }
    }

    @Test
    void aLeakingAllocatorFailsOnClose() {
        // The @AfterEach close relies on this: a buffer left open makes close() throw.
        BufferAllocator leaky = new RootAllocator();
        ArrowBuf leaked = leaky.buffer(64);
        assertThat(leaked.capacity()).isEqualTo(64);
        assertThatThrownBy(leaky::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Memory leaked");
    }
}
