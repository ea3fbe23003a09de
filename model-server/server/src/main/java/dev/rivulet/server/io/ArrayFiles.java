package dev.rivulet.server.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes a list of named float arrays plus one long header value, bit-exact. */
public final class ArrayFiles {

    private static final int MAGIC = 0x52564c57; // "RVLW"
    private static final int FORMAT = 1;

    private ArrayFiles() {}

    /** Writes {@code values} with their names and a header value (e.g. an optimizer step). */
    public static void write(Path file, long header, List<String> names, float[][] values)
            throws IOException {
        if (names.size() != values.length) {
            throw new IllegalArgumentException(
                    names.size() + " names for " + values.length + " arrays");
        }
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(header);
            out.writeInt(values.length);
            for (int i = 0; i < values.length; i++) {
                out.writeUTF(names.get(i));
                out.writeInt(values[i].length);
                ByteBuffer buf =
                        ByteBuffer.allocate(values[i].length * 4).order(ByteOrder.BIG_ENDIAN);
                buf.asFloatBuffer().put(values[i]);
                out.write(buf.array());
            }
        }
    }

    /** Reads a file written by {@link #write}. */
    public static NamedArrays read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a Rivulet array file");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + " has format " + format + ", expected " + FORMAT);
            }
            long header = in.readLong();
            int n = in.readInt();
            List<String> names = new ArrayList<>(n);
            float[][] values = new float[n][];
            for (int i = 0; i < n; i++) {
                names.add(in.readUTF());
                byte[] bytes = new byte[in.readInt() * 4];
                in.readFully(bytes);
                values[i] = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values[i]);
            }
            return new NamedArrays(header, names, values);
        }
    }
}
