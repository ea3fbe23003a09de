package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.WeightTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The wire format of a version's weights (DoGet ticket {@code weights/<version>}): one Arrow batch
 * per chunk, then an empty batch whose application metadata is the {@link Trailer} (JSON).
 *
 * <p>A chunk row is {@code tensor} (name), {@code shape} (comma-separated dimensions, empty for a
 * scalar), {@code chunk} (index from 0), {@code chunks} (the tensor's chunk count) and {@code data}
 * (float32 values, little-endian, at most {@link #CHUNK_FLOATS} of them, so 1 MiB). Tensors come in
 * the policy's order, each chunk in order; each batch is sent once the client can take it.
 */
final class WeightsStream {

    /** Values per chunk: 1 MiB of float32. */
    static final int CHUNK_FLOATS = 256 * 1024;

    static final String TENSOR = "tensor";
    static final String SHAPE = "shape";
    static final String CHUNK = "chunk";
    static final String CHUNKS = "chunks";
    static final String DATA = "data";

    /** The schema of a chunk batch. */
    static final Schema SCHEMA =
            new Schema(
                    List.of(
                            leaf(TENSOR, ArrowType.Utf8.INSTANCE),
                            leaf(SHAPE, ArrowType.Utf8.INSTANCE),
                            leaf(CHUNK, new ArrowType.Int(32, true)),
                            leaf(CHUNKS, new ArrowType.Int(32, true)),
                            leaf(DATA, ArrowType.Binary.INSTANCE)));

    /**
     * The end of the stream: what a client checks the tensors it assembled against.
     *
     * @param version the version sent
     * @param lineage the learner's lineage when it read the weights
     * @param digest the learner's fingerprint of the weights ({@link PolicyWeights#checksum})
     * @param tensors how many tensors were sent
     * @param chunks how many chunk batches were sent
     */
    record Trailer(long version, String lineage, String digest, int tensors, long chunks) {}

    private WeightsStream() {}

    /** Chunks a tensor of {@code n} values is sent in (an empty tensor still takes one). */
    static int chunkCount(int n) {
        return Math.max(1, (n + CHUNK_FLOATS - 1) / CHUNK_FLOATS);
    }

    /**
     * Sends {@code weights} to {@code listener}, chunk by chunk, then the trailer; stops with
     * CANCELLED when the client goes away. Reading {@code weights.tensors()} may throw (a service
     * that cannot read them): the stream then ends with that error, without a trailer.
     */
    static void send(
            PolicyWeights weights, BufferAllocator allocator, ServerStreamListener listener) {
        try (VectorSchemaRoot out = VectorSchemaRoot.create(SCHEMA, allocator)) {
            listener.start(out);
            VarCharVector tensor = (VarCharVector) out.getVector(TENSOR);
            VarCharVector shape = (VarCharVector) out.getVector(SHAPE);
            IntVector chunk = (IntVector) out.getVector(CHUNK);
            IntVector chunks = (IntVector) out.getVector(CHUNKS);
            VarBinaryVector data = (VarBinaryVector) out.getVector(DATA);
            int tensors = 0;
            long sent = 0;
            for (WeightTensor t : weights.tensors()) {
                float[] v = t.values();
                int n = chunkCount(v.length);
                byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
                byte[] dims = shapeText(t.shape()).getBytes(StandardCharsets.UTF_8);
                for (int c = 0; c < n; c++) {
                    int from = c * CHUNK_FLOATS;
                    int len = Math.min(v.length - from, CHUNK_FLOATS);
                    ByteBuffer bytes = ByteBuffer.allocate(len * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(v, from, len);
                    out.allocateNew();
                    tensor.setSafe(0, name);
                    shape.setSafe(0, dims);
                    chunk.setSafe(0, c);
                    chunks.setSafe(0, n);
                    data.setSafe(0, bytes.array());
                    out.setRowCount(1);
                    next(listener, null);
                    sent++;
                }
                tensors++;
            }
            out.allocateNew();
            out.setRowCount(0);
            byte[] json =
                    Json.write(
                            new Trailer(
                                    weights.version(),
                                    weights.lineage(),
                                    weights.digest(),
                                    tensors,
                                    sent));
            ArrowBuf meta = allocator.buffer(json.length);
            meta.writeBytes(json);
            next(listener, meta); // the listener owns meta from here
            listener.completed();
        }
    }

    private static void next(ServerStreamListener listener, ArrowBuf metadata) {
        if (listener.isCancelled()) {
            if (metadata != null) {
                metadata.close();
            }
            throw CallStatus.CANCELLED
                    .withDescription("the client cancelled the weights stream")
                    .toRuntimeException();
        }
        ReadyWait.await(listener, 60_000, listener::isCancelled);
        if (metadata == null) {
            listener.putNext();
        } else {
            listener.putNext(metadata);
        }
    }

    /** {@code [a, b]} as {@code "a,b"}. */
    static String shapeText(long[] shape) {
        StringJoiner j = new StringJoiner(",");
        for (long d : shape) {
            j.add(Long.toString(d));
        }
        return j.toString();
    }

    private static Field leaf(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
