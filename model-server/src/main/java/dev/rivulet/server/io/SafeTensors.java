package dev.rivulet.server.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A safetensors checkpoint (one file, or shards named by {@code model.safetensors.index.json})
 * whose tensors are memory-mapped one at a time and widened to float32 on read.
 */
public final class SafeTensors {

    /** File name of a single-file checkpoint in a model directory. */
    public static final String SINGLE = "model.safetensors";

    /** File name of the shard index of a sharded checkpoint in a model directory. */
    public static final String INDEX = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    /** Element types this reader widens to float32 and the writer produces. */
    public enum Dtype {
        /** IEEE single precision. */
        F32(4),
        /** IEEE half precision. */
        F16(2),
        /** bfloat16 (the upper half of a float32). */
        BF16(2);

        private final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }
    }

    private final String source;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private SafeTensors(
            String source, Map<String, TensorEntry> entries, Map<String, String> metadata) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a model directory ({@code model.safetensors.index.json} if present, else {@code
     * model.safetensors}) or a single {@code .safetensors} file or an index file.
     */
    public static SafeTensors open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.exists(path.resolve(INDEX))) {
                return openSharded(path.resolve(INDEX));
            }
            if (Files.exists(path.resolve(SINGLE))) {
                return openFile(path.resolve(SINGLE));
            }
            throw new IOException("no " + SINGLE + " and no " + INDEX + " in " + path);
        }
        if (path.getFileName().toString().endsWith(".index.json")) {
            return openSharded(path);
        }
        return openFile(path);
    }

    /** Reads the header of one safetensors file. */
    public static SafeTensors openFile(Path file) throws IOException {
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        readHeader(file, entries, metadata);
        return new SafeTensors(file.toString(), entries, metadata);
    }

    /** Reads a shard index and the header of every shard it names. */
    public static SafeTensors openSharded(Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new IOException(index + ": not a readable shard index: " + e.getMessage(), e);
        }
        JsonNode map = root.path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new IOException(index + ": no weight_map");
        }
        Map<String, Map<String, TensorEntry>> shards = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Path dir = index.toAbsolutePath().getParent();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            if (!shards.containsKey(shard)) {
                Path file = dir.resolve(shard);
                if (!Files.isRegularFile(file)) {
                    throw new IOException(
                            index + " maps tensor " + e.getKey() + " to missing shard " + file);
                }
                Map<String, TensorEntry> inShard = new LinkedHashMap<>();
                readHeader(file, inShard, metadata);
                shards.put(shard, inShard);
            }
            TensorEntry t = shards.get(shard).get(e.getKey());
            if (t == null) {
                throw new IOException(
                        index + " maps tensor " + e.getKey() + " to " + shard + ", which lacks it");
            }
            entries.put(e.getKey(), t);
        }
        return new SafeTensors(index.toString(), entries, metadata);
    }

    /** Tensor names in header (or weight map) order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** The {@code __metadata__} strings (merged over shards). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Whether a tensor of that name exists. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Where a tensor lies; an error naming the checkpoint if there is none of that name. */
    public TensorEntry entry(String name) {
        TensorEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(source + " has no tensor " + name);
        }
        return e;
    }

    /**
     * The tensor's values widened to float32 in a new direct buffer of native byte order (position
     * 0, limit = 4 · elements); the file is memory-mapped, so no heap copy is made.
     */
    public ByteBuffer readFloat32(String name) throws IOException {
        TensorEntry e = entry(name);
        Dtype dtype = dtypeOf(e);
        long n = e.numel();
        if (n * 4 > Integer.MAX_VALUE) {
            throw new IOException(
                    e.file() + ": tensor " + name + " has " + n + " elements, too many to load");
        }
        ByteBuffer out = ByteBuffer.allocateDirect((int) (n * 4)).order(ByteOrder.nativeOrder());
        if (n == 0) {
            return out;
        }
        ByteBuffer src;
        try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
            src = ch.map(FileChannel.MapMode.READ_ONLY, e.start(), e.end() - e.start());
        }
        src.order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer dst = out.asFloatBuffer();
        switch (dtype) {
            case F32 -> dst.put(src.asFloatBuffer());
            case BF16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(i, Float16.fromBf16(s.get(i)));
                }
            }
            case F16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(i, Float16.fromF16(s.get(i)));
                }
            }
            default -> throw new IllegalStateException(dtype.name());
        }
        return out;
    }

    /** The tensor's values widened to float32 in a heap array. */
    public float[] readFloats(String name) throws IOException {
        ByteBuffer b = readFloat32(name);
        float[] out = new float[b.capacity() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** The dtype of an entry; an error naming the file, tensor and dtype when it is unsupported. */
    public static Dtype dtypeOf(TensorEntry e) throws IOException {
        try {
            return Dtype.valueOf(e.dtype());
        } catch (IllegalArgumentException x) {
            throw new IOException(
                    e.file()
                            + ": tensor "
                            + e.name()
                            + " has dtype "
                            + e.dtype()
                            + "; supported are F32, F16 and BF16");
        }
    }

    /**
     * Writes one safetensors file: tensors in the given order, each produced on demand by {@code
     * values} (so only one is held at a time) and stored as {@code dtype}.
     */
    public static void write(
            Path file,
            Map<String, String> metadata,
            List<String> names,
            List<long[]> shapes,
            IntFunction<float[]> values,
            Dtype dtype)
            throws IOException {
        SafeTensorsWriter.write(file, metadata, names, shapes, values, dtype);
    }

    private static void readHeader(
            Path file, Map<String, TensorEntry> entries, Map<String, String> metadata)
            throws IOException {
        long size = Files.size(file);
        if (size < 8) {
            throw new IOException(file + ": too short for a safetensors file (" + size + " B)");
        }
        byte[] header;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.getLong(0);
            if (n <= 0 || n > MAX_HEADER || n > size - 8) {
                throw new IOException(
                        file + ": header length " + n + " does not fit a file of " + size + " B");
            }
            ByteBuffer h = ByteBuffer.allocate((int) n);
            readFully(ch, h, 8);
            header = h.array();
        }
        SafeTensorsHeader.parse(file, header, size, entries, metadata);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }
}
