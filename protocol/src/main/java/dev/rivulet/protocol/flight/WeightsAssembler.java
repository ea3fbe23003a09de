package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.WeightTensor;
import dev.rivulet.protocol.error.PolicyServerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rebuilds the tensors of a {@link WeightsStream} on the client, checking that chunks come in order
 * and fill their tensors exactly, and that the trailer's counts and checksum match what arrived;
 * any break is a {@link PolicyServerException} naming the version and what was wrong.
 */
final class WeightsAssembler {

    private final long version;
    private final List<WeightTensor> tensors = new ArrayList<>();
    private long chunksSeen;

    // the tensor being filled, null between tensors
    private String name;
    private long[] shape;
    private float[] values;
    private int filled;
    private int chunks;
    private int nextChunk;

    WeightsAssembler(long version) {
        this.version = version;
    }

    /** Takes the chunk rows of one batch. */
    void accept(VectorSchemaRoot root) {
        VarCharVector tensor = (VarCharVector) root.getVector(WeightsStream.TENSOR);
        VarCharVector dims = (VarCharVector) root.getVector(WeightsStream.SHAPE);
        IntVector chunk = (IntVector) root.getVector(WeightsStream.CHUNK);
        IntVector count = (IntVector) root.getVector(WeightsStream.CHUNKS);
        VarBinaryVector data = (VarBinaryVector) root.getVector(WeightsStream.DATA);
        for (int i = 0; i < root.getRowCount(); i++) {
            String t = new String(tensor.get(i), StandardCharsets.UTF_8);
            if (name == null) {
                begin(t, new String(dims.get(i), StandardCharsets.UTF_8), count.get(i));
            } else if (!name.equals(t)) {
                throw broken(
                        "tensor "
                                + name
                                + " ended after "
                                + nextChunk
                                + " of "
                                + chunks
                                + " chunks; got a chunk of "
                                + t);
            }
            if (chunk.get(i) != nextChunk) {
                throw broken(
                        "tensor "
                                + name
                                + ": expected chunk "
                                + nextChunk
                                + ", got "
                                + chunk.get(i));
            }
            append(data.get(i));
        }
    }

    /** Checks the trailer against what arrived and returns the weights. */
    PolicyWeights finish(byte[] trailerJson) {
        WeightsStream.Trailer trailer;
        try {
            trailer = Json.read(trailerJson, WeightsStream.Trailer.class);
        } catch (IOException e) {
            throw broken("malformed trailer: " + e.getMessage());
        }
        if (name != null) {
            throw broken("the trailer came inside tensor " + name);
        }
        if (trailer.version() != version) {
            throw broken("the trailer names version " + trailer.version());
        }
        if (trailer.tensors() != tensors.size() || trailer.chunks() != chunksSeen) {
            throw broken(
                    "the trailer counts "
                            + trailer.tensors()
                            + " tensors in "
                            + trailer.chunks()
                            + " chunks, received "
                            + tensors.size()
                            + " in "
                            + chunksSeen);
        }
        String received = PolicyWeights.checksum(tensors);
        if (!received.equals(trailer.digest())) {
            throw broken(
                    "checksum mismatch: the received tensors hash to "
                            + received
                            + ", the learner's digest is "
                            + trailer.digest());
        }
        return new PolicyWeights(version, trailer.lineage(), received, List.copyOf(tensors));
    }

    /** The failure for a stream that ended without a trailer. */
    PolicyServerException cut() {
        return broken(
                "the stream ended after "
                        + chunksSeen
                        + " chunks ("
                        + tensors.size()
                        + " whole tensors) without its checksum trailer");
    }

    private void begin(String t, String shapeText, int count) {
        long[] s = parseShape(t, shapeText);
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw broken("tensor " + t + " of shape " + shapeText + " is too large");
        }
        if (count != WeightsStream.chunkCount((int) n)) {
            throw broken("tensor " + t + " of " + n + " values announced " + count + " chunks");
        }
        name = t;
        shape = s;
        values = new float[(int) n];
        filled = 0;
        chunks = count;
        nextChunk = 0;
    }

    private void append(byte[] bytes) {
        if (bytes.length % 4 != 0 || filled + bytes.length / 4 > values.length) {
            throw broken(
                    "tensor "
                            + name
                            + " chunk "
                            + nextChunk
                            + " has "
                            + bytes.length
                            + " bytes, which do not fit "
                            + (values.length - filled)
                            + " values left");
        }
        ByteBuffer.wrap(bytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values, filled, bytes.length / 4);
        filled += bytes.length / 4;
        nextChunk++;
        chunksSeen++;
        if (nextChunk == chunks) {
            if (filled != values.length) {
                throw broken(
                        "tensor " + name + " got " + filled + " of " + values.length + " values");
            }
            tensors.add(new WeightTensor(name, shape, values));
            name = null;
        }
    }

    private long[] parseShape(String t, String text) {
        if (text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",", -1);
        long[] s = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                s[i] = Long.parseLong(parts[i]);
                if (s[i] < 0) {
                    throw new NumberFormatException("negative");
                }
            }
        } catch (NumberFormatException e) {
            throw broken("tensor " + t + " has a bad shape '" + text + "'");
        }
        return s;
    }

    private PolicyServerException broken(String what) {
        return new PolicyServerException(
                FlightNames.WEIGHTS + " of version " + version + " failed: " + what);
    }
}
