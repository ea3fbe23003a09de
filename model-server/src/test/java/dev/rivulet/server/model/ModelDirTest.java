package dev.rivulet.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories: save/load, random checkpoints, shards and the tensor checks. */
class ModelDirTest {

    private static final PolicyConfig TINY = PolicyConfig.tiny(40);

    @Test
    void saveThenLoadIsBitExactAndHubShaped(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        try (TransformerPolicy p = TransformerPolicy.create(TINY, 3)) {
            ModelDir.save(p, dir);
            assertThat(dir.resolve("config.json")).isRegularFile();
            assertThat(dir.resolve("model.safetensors")).isRegularFile();
            SafeTensors st = SafeTensors.open(dir);
            assertThat(st.metadata()).containsEntry("format", "pt");
            assertThat(st.names()).containsExactlyElementsOf(p.parameterNames());
            assertThat(st.names()).doesNotContain("lm_head.weight");
            try (TransformerPolicy q = ModelDir.loadPolicy(dir)) {
                assertThat(q.config()).isEqualTo(TINY);
                assertThat(q.exportParameters()).isDeepEqualTo(p.exportParameters());
            }
        }
    }

    @Test
    void randomCheckpointHoldsTheSeededWeights(@TempDir Path tmp) throws IOException {
        ModelDir.writeRandom(TINY, 9, tmp.resolve("f32"), SafeTensors.Dtype.F32);
        ModelDir.writeRandom(TINY, 9, tmp.resolve("bf16"));
        try (TransformerPolicy created = TransformerPolicy.create(TINY, 9);
                TransformerPolicy f32 = ModelDir.loadPolicy(tmp.resolve("f32"));
                TransformerPolicy bf16 = ModelDir.loadPolicy(tmp.resolve("bf16"))) {
            float[][] expected = created.exportParameters();
            assertThat(f32.exportParameters()).isDeepEqualTo(expected);
            float[][] widened = bf16.exportParameters();
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected[i].length; j++) {
                    int bits = Float.floatToRawIntBits(expected[i][j]);
                    int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
                    assertThat(Float.floatToRawIntBits(widened[i][j])).isEqualTo(rounded);
                }
            }
        }
        assertThat(SafeTensors.open(tmp.resolve("bf16")).entry("model.norm.weight").dtype())
                .isEqualTo("BF16");
    }

    @Test
    void shardedCheckpointLoadsLikeTheSingleFile(@TempDir Path tmp) throws Exception {
        Path single = new HfFixture("tiny-llama").dir;
        Path sharded = tmp.resolve("sharded");
        Files.createDirectories(sharded);
        Files.copy(single.resolve("config.json"), sharded.resolve("config.json"));
        SafeTensors st = SafeTensors.open(single);
        List<String> names = new ArrayList<>(st.names());
        int half = names.size() / 2;
        StringBuilder map = new StringBuilder("{\"weight_map\":{");
        for (int s = 0; s < 2; s++) {
            List<String> part = s == 0 ? names.subList(0, half) : names.subList(half, names.size());
            String file = "model-0000" + (s + 1) + "-of-00002.safetensors";
            List<long[]> shapes = new ArrayList<>();
            for (String n : part) {
                shapes.add(st.entry(n).shape());
                map.append(map.charAt(map.length() - 1) == '{' ? "" : ",")
                        .append('"')
                        .append(n)
                        .append("\":\"")
                        .append(file)
                        .append('"');
            }
            SafeTensors.write(
                    sharded.resolve(file),
                    Map.of("format", "pt"),
                    part,
                    shapes,
                    i -> read(st, part.get(i)),
                    SafeTensors.Dtype.BF16);
        }
        Files.writeString(sharded.resolve(SafeTensors.INDEX), map.append("}}").toString());
        try (TransformerPolicy a = ModelDir.loadPolicy(single);
                TransformerPolicy b = ModelDir.loadPolicy(sharded)) {
            assertThat(b.exportParameters()).isDeepEqualTo(a.exportParameters());
        }
    }

    @Test
    void missingExtraOrMisshapenTensorsAreNamed(@TempDir Path tmp) throws IOException {
        List<ParamSpec> layout = ParamSpec.layout(TINY);
        String dropped = "model.layers.1.self_attn.k_norm.weight";
        writeWith(tmp.resolve("missing"), layout, dropped, null, null);
        assertThatThrownBy(() -> ModelDir.loadPolicy(tmp.resolve("missing")))
                .hasMessageContaining("missing tensor " + dropped)
                .hasMessageContaining("[8]");
        writeWith(tmp.resolve("shape"), layout, null, "model.norm.weight", null);
        assertThatThrownBy(() -> ModelDir.loadPolicy(tmp.resolve("shape")))
                .hasMessageContaining("tensor model.norm.weight has shape [33], expected [32]");
        writeWith(tmp.resolve("extra"), layout, null, null, "model.layers.0.mlp.extra.weight");
        assertThatThrownBy(() -> ModelDir.loadPolicy(tmp.resolve("extra")))
                .hasMessageContaining("unexpected tensor model.layers.0.mlp.extra.weight");
        writeWith(
                tmp.resolve("rotary"),
                layout,
                null,
                null,
                "model.layers.0.self_attn.rotary_emb.inv_freq");
        try (TransformerPolicy p = ModelDir.loadPolicy(tmp.resolve("rotary"))) {
            assertThat(p.parameterNames()).hasSize(layout.size());
        }
    }

    @Test
    void copiesTokenizerFilesThatExist(@TempDir Path tmp) throws Exception {
        ModelDir.copyTokenizerFiles(new HfFixture("hf-tiny-qwen3").dir, tmp);
        assertThat(tmp.resolve("tokenizer.json")).isRegularFile();
        assertThat(tmp.resolve("tokenizer_config.json")).isRegularFile();
        assertThat(tmp.resolve("generation_config.json")).isRegularFile();
        assertThat(tmp.resolve("special_tokens_map.json")).doesNotExist();
    }

    private static void writeWith(
            Path dir, List<ParamSpec> layout, String drop, String widen, String extra)
            throws IOException {
        Files.createDirectories(dir);
        TINY.writeJson(dir.resolve("config.json"));
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (ParamSpec s : layout) {
            if (s.name().equals(drop)) {
                continue;
            }
            names.add(s.name());
            long[] shape = s.shape().clone();
            if (s.name().equals(widen)) {
                shape[0]++;
            }
            shapes.add(shape);
        }
        if (extra != null) {
            names.add(extra);
            shapes.add(new long[] {4});
        }
        SafeTensors.write(
                dir.resolve("model.safetensors"),
                Map.of("format", "pt"),
                names,
                shapes,
                i ->
                        new float
                                [(int)
                                        java.util.Arrays.stream(shapes.get(i))
                                                .reduce(1, (a, b) -> a * b)],
                SafeTensors.Dtype.F32);
    }

    private static float[] read(SafeTensors st, String name) {
        try {
            return st.readFloats(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
