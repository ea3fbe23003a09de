package dev.rivulet.server.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** Parses and checks the JSON header of a safetensors file into tensor entries. */
final class SafeTensorsHeader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensorsHeader() {}

    /** Bytes per element of a safetensors dtype, 0 if unknown (checked when read). */
    private static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }

    static void parse(
            Path file,
            byte[] header,
            long fileSize,
            Map<String, TensorEntry> entries,
            Map<String, String> metadata)
            throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(header, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IOException(file + ": header is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": header is not a JSON object");
        }
        long dataStart = 8L + header.length;
        long dataSize = fileSize - dataStart;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode t = f.getValue();
            if (name.equals("__metadata__")) {
                t.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode dtype = t.get("dtype");
            JsonNode shape = t.get("shape");
            JsonNode offsets = t.get("data_offsets");
            if (dtype == null
                    || shape == null
                    || !shape.isArray()
                    || offsets == null
                    || offsets.size() != 2) {
                throw new IOException(
                        file + ": tensor " + name + " lacks dtype, shape or data_offsets");
            }
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).asLong();
                if (dims[i] < 0) {
                    throw new IOException(file + ": tensor " + name + " has a negative dimension");
                }
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            TensorEntry e =
                    new TensorEntry(
                            name, dtype.asText(), dims, file, dataStart + begin, dataStart + end);
            if (begin < 0 || end < begin || end > dataSize) {
                throw new IOException(
                        file
                                + ": tensor "
                                + name
                                + " has data_offsets ["
                                + begin
                                + ", "
                                + end
                                + "] outside the "
                                + dataSize
                                + " data bytes");
            }
            int width = width(e.dtype());
            if (width > 0 && end - begin != e.numel() * width) {
                throw new IOException(
                        file
                                + ": tensor "
                                + name
                                + " of shape "
                                + e.shapeText()
                                + " and dtype "
                                + e.dtype()
                                + " needs "
                                + e.numel() * width
                                + " bytes, its offsets span "
                                + (end - begin));
            }
            entries.put(name, e);
        }
    }
}
