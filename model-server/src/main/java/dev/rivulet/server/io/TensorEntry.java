package dev.rivulet.server.io;

import java.nio.file.Path;

/**
 * Where one tensor of a safetensors checkpoint lies: its file, dtype, shape and absolute byte
 * range.
 *
 * @param name the tensor's name in the header
 * @param dtype the safetensors dtype string (F32, F16, BF16, ...)
 * @param shape the dimensions
 * @param file the file holding the bytes
 * @param start absolute offset of the first byte in {@code file}
 * @param end absolute offset one past the last byte
 */
public record TensorEntry(
        String name, String dtype, long[] shape, Path file, long start, long end) {

    /** Number of elements (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as text, e.g. {@code [16, 8]}. */
    public String shapeText() {
        return java.util.Arrays.toString(shape);
    }
}
