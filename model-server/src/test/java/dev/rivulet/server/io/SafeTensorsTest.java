package dev.rivulet.server.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors files: round trips, widening of bf16 and f16, shards, and errors that name things.
 */
class SafeTensorsTest {

    private static final float[] A = {1f, -2.5f, 3.1415927f, 1e-30f, -0f, 65504f};
    private static final float[] B = {0.1f, 0.2f};

    private static void writeAB(Path file, SafeTensors.Dtype dtype) throws IOException {
        SafeTensors.write(
                file,
                Map.of("format", "pt"),
                List.of("a", "b"),
                List.of(new long[] {2, 3}, new long[] {2}),
                i -> i == 0 ? A : B,
                dtype);
    }

    @Test
    void f32RoundTripIsExactWithMetadataAndAlignedHeader(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("x.safetensors");
        writeAB(file, SafeTensors.Dtype.F32);
        SafeTensors st = SafeTensors.openFile(file);
        assertThat(st.names()).containsExactly("a", "b");
        assertThat(st.metadata()).containsEntry("format", "pt");
        assertThat(st.entry("a").shape()).containsExactly(2, 3);
        assertThat(st.entry("a").dtype()).isEqualTo("F32");
        assertThat(st.readFloats("a")).containsExactly(A);
        assertThat(st.readFloats("b")).containsExactly(B);
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(head.getLong(0) % 8).isZero();
        assertThat(Files.size(file)).isEqualTo(8 + head.getLong(0) + 4 * (A.length + B.length));
    }

    @Test
    void bf16IsWidenedExactlyAndRoundedToNearestEven(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("x.safetensors");
        writeAB(file, SafeTensors.Dtype.BF16);
        float[] a = SafeTensors.openFile(file).readFloats("a");
        for (int i = 0; i < A.length; i++) {
            int bits = Float.floatToRawIntBits(A[i]);
            int expected = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
            assertThat(Float.floatToRawIntBits(a[i])).isEqualTo(expected);
        }
        assertThat(Float16.fromBf16((short) 0x3f80)).isEqualTo(1f);
        assertThat(Float16.toBf16(1.00390625f)).isEqualTo((short) 0x3f80); // tie to even
        assertThat(Float16.toBf16(1.01171875f)).isEqualTo((short) 0x3f82); // tie to even, up
    }

    @Test
    void f16IsWidenedExactly(@TempDir Path tmp) throws IOException {
        short[] halves = {0x3c00, (short) 0xc000, 0x0001, 0x7bff, (short) 0xfc00, 0x3555};
        float[] expected = {1f, -2f, 0x1p-24f, 65504f, Float.NEGATIVE_INFINITY, 0.33325195f};
        Path file = tmp.resolve("h.safetensors");
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[6],\"data_offsets\":[0,12]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + json.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length()).put(json.getBytes(StandardCharsets.UTF_8));
        for (short h : halves) {
            b.putShort(h);
        }
        Files.write(file, b.array());
        assertThat(SafeTensors.openFile(file).readFloats("h")).containsExactly(expected);
    }

    @Test
    void shardedCheckpointFollowsTheWeightMap(@TempDir Path tmp) throws IOException {
        SafeTensors.write(
                tmp.resolve("model-00001-of-00002.safetensors"),
                Map.of("format", "pt"),
                List.of("a"),
                List.of(new long[] {6}),
                i -> A,
                SafeTensors.Dtype.F32);
        SafeTensors.write(
                tmp.resolve("model-00002-of-00002.safetensors"),
                Map.of("format", "pt"),
                List.of("b"),
                List.of(new long[] {2}),
                i -> B,
                SafeTensors.Dtype.BF16);
        Files.writeString(
                tmp.resolve(SafeTensors.INDEX),
                "{\"metadata\":{\"total_size\":28},\"weight_map\":{"
                        + "\"a\":\"model-00001-of-00002.safetensors\","
                        + "\"b\":\"model-00002-of-00002.safetensors\"}}");
        SafeTensors st = SafeTensors.open(tmp);
        assertThat(st.names()).containsExactly("a", "b");
        assertThat(st.readFloats("a")).containsExactly(A);
        assertThat(st.entry("b").dtype()).isEqualTo("BF16");

        Files.writeString(
                tmp.resolve(SafeTensors.INDEX),
                "{\"weight_map\":{\"c\":\"model-00001-of-00002.safetensors\"}}");
        assertThatThrownBy(() -> SafeTensors.open(tmp))
                .hasMessageContaining("tensor c")
                .hasMessageContaining("model-00001-of-00002.safetensors");
    }

    @Test
    void errorsNameTheFileAndTensor(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("bad.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafeTensors.openFile(file))
                .hasMessageContaining("bad.safetensors")
                .hasMessageContaining("too short");

        writeRaw(file, "{\"w\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        SafeTensors st = SafeTensors.openFile(file);
        assertThatThrownBy(() -> st.readFloats("w"))
                .hasMessageContaining("bad.safetensors")
                .hasMessageContaining("tensor w")
                .hasMessageContaining("dtype I8");

        writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> SafeTensors.openFile(file))
                .hasMessageContaining("tensor w")
                .hasMessageContaining("[3]");

        writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertThatThrownBy(() -> SafeTensors.openFile(file))
                .hasMessageContaining("tensor w")
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> SafeTensors.open(tmp))
                .hasMessageContaining("no model.safetensors");
    }

    private static void writeRaw(Path file, String json, int dataBytes) throws IOException {
        ByteBuffer b =
                ByteBuffer.allocate(8 + json.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length()).put(json.getBytes(StandardCharsets.UTF_8));
        Files.write(file, b.array());
    }
}
