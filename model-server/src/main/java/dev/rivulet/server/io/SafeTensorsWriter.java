package dev.rivulet.server.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Writes a safetensors file tensor by tensor, little-endian, header padded to 8 bytes. */
final class SafeTensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 20;

    private SafeTensorsWriter() {}

    static void write(
            Path file,
            Map<String, String> metadata,
            List<String> names,
            List<long[]> shapes,
            IntFunction<float[]> values,
            SafeTensors.Dtype dtype)
            throws IOException {
        if (names.size() != shapes.size()) {
            throw new IllegalArgumentException(
                    names.size() + " names, " + shapes.size() + " shapes");
        }
        if (dtype == SafeTensors.Dtype.F16) {
            throw new IllegalArgumentException("writing F16 is not supported; use F32 or BF16");
        }
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        long[] counts = new long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            long n = 1;
            for (long d : shapes.get(i)) {
                n *= d;
            }
            counts[i] = n;
            ObjectNode t = header.putObject(names.get(i));
            t.put("dtype", dtype.name());
            ArrayNode s = t.putArray("shape");
            for (long d : shapes.get(i)) {
                s.add(d);
            }
            ArrayNode o = t.putArray("data_offsets");
            o.add(offset);
            offset += n * dtype.bytes();
            o.add(offset);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            writeFully(ch, head);
            ByteBuffer buf =
                    ByteBuffer.allocateDirect(CHUNK * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < names.size(); i++) {
                float[] v = values.apply(i);
                if (v.length != counts[i]) {
                    throw new IllegalArgumentException(
                            file
                                    + ": tensor "
                                    + names.get(i)
                                    + " has "
                                    + v.length
                                    + " values for "
                                    + counts[i]
                                    + " elements");
                }
                for (int from = 0; from < v.length; from += CHUNK) {
                    int to = Math.min(v.length, from + CHUNK);
                    buf.clear();
                    if (dtype == SafeTensors.Dtype.F32) {
                        buf.asFloatBuffer().put(v, from, to - from);
                        buf.limit((to - from) * 4);
                    } else {
                        for (int k = from; k < to; k++) {
                            buf.putShort(Float16.toBf16(v[k]));
                        }
                        buf.flip();
                    }
                    writeFully(ch, buf);
                }
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
