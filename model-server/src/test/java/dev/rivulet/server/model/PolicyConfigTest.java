package dev.rivulet.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json parsing, defaults, round trips and refusals that name the field. */
class PolicyConfigTest {

    private static PolicyConfig parse(Path tmp, String json) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, json);
        return PolicyConfig.readJson(f);
    }

    private static String base(String type, String extra) {
        return "{\"model_type\":\""
                + type
                + "\",\"vocab_size\":300,\"hidden_size\":32,\"intermediate_size\":64,"
                + "\"num_hidden_layers\":2,\"num_attention_heads\":4"
                + extra
                + "}";
    }

    @Test
    void readsTheReferenceQwen3Config() throws Exception {
        PolicyConfig c = ModelDir.readConfig(new HfFixture("hf-tiny-qwen3").dir);
        assertThat(c.family()).isEqualTo(ModelFamily.QWEN3);
        assertThat(c.vocabSize()).isEqualTo(151936);
        assertThat(c.hiddenSize()).isEqualTo(16);
        assertThat(c.heads()).isEqualTo(4);
        assertThat(c.kvHeads()).isEqualTo(2);
        assertThat(c.headDim()).isEqualTo(8);
        assertThat(c.ropeTheta()).isEqualTo(1e6);
        assertThat(c.tieWordEmbeddings()).isTrue();
        assertThat(c.qkNorm()).isTrue();
        assertThat(c.contextLength()).isEqualTo(2048);
    }

    @Test
    void defaultsFollowTransformers(@TempDir Path tmp) throws IOException {
        PolicyConfig llama = parse(tmp, base("llama", ""));
        assertThat(llama.kvHeads()).isEqualTo(4);
        assertThat(llama.headDim()).isEqualTo(8);
        assertThat(llama.ropeTheta()).isEqualTo(10000.0);
        assertThat(llama.ropeScaling()).isNull();
        assertThat(llama.tieWordEmbeddings()).isFalse();
        assertThat(llama.attentionBias()).isFalse();
        assertThat(llama.contextLength()).isEqualTo(2048);
        PolicyConfig qwen2 = parse(tmp, base("qwen2", ",\"attention_bias\":false"));
        assertThat(qwen2.attentionBias()).as("qwen2 always has q/k/v biases").isTrue();
        assertThat(qwen2.outputBias()).isFalse();
        PolicyConfig biased = parse(tmp, base("llama", ",\"attention_bias\":true"));
        assertThat(biased.outputBias()).isTrue();
    }

    @Test
    void writeJsonRoundTrips(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("config.json");
        for (PolicyConfig c :
                new PolicyConfig[] {
                    PolicyConfig.small(40),
                    PolicyConfig.qwen3_0_6b(),
                    ModelDir.readConfig(new HfFixture("tiny-llama").dir),
                    ModelDir.readConfig(new HfFixture("tiny-qwen2").dir)
                }) {
            c.writeJson(f);
            assertThat(PolicyConfig.readJson(f)).isEqualTo(c);
            String text = Files.readString(f);
            assertThat(text)
                    .contains("\"architectures\"", c.family().architecture(), "\"torch_dtype\"");
        }
    }

    @Test
    void ropeScalingAsTransformersComputesIt(@TempDir Path tmp) throws IOException {
        PolicyConfig linear =
                parse(tmp, base("llama", ",\"rope_scaling\":{\"type\":\"linear\",\"factor\":2.0}"));
        assertThat(linear.inverseFrequencies()[1]).isCloseTo(0.1f / 2, within(1e-7f));
        PolicyConfig llama3 = ModelDir.readConfig(new HfFixture("tiny-llama").dir);
        float[] f = llama3.inverseFrequencies();
        // wavelengths 6.3 (high: kept), 63 (medium: smoothed), 628 and 6283 (low: / 8)
        assertThat(f[0]).isCloseTo(1f, within(1e-7f));
        double smooth = (64 / (2 * Math.PI / 0.1) - 1) / (4 - 1);
        assertThat((double) f[1]).isCloseTo((1 - smooth) * 0.1 / 8 + smooth * 0.1, within(1e-8));
        assertThat(f[2]).isCloseTo(0.01f / 8, within(1e-9f));
        assertThat(f[3]).isCloseTo(0.001f / 8, within(1e-10f));
        PolicyConfig v5 =
                parse(
                        tmp,
                        base(
                                "qwen3",
                                ",\"rope_parameters\":{\"rope_type\":\"default\","
                                        + "\"rope_theta\":500000.0}"));
        assertThat(v5.ropeTheta()).isEqualTo(500000.0);
        assertThat(
                        parse(tmp, base("llama", ",\"rope_scaling\":{\"rope_type\":\"default\"}"))
                                .ropeScaling())
                .isNull();
    }

    @Test
    void refusesWhatItDoesNotImplementByName(@TempDir Path tmp) {
        assertThatThrownBy(() -> parse(tmp, base("mistral", "")))
                .hasMessageContaining("unsupported model_type 'mistral'")
                .hasMessageContaining("llama, qwen2, qwen3")
                .hasMessageContaining("config.json");
        for (String kind : new String[] {"yarn", "dynamic", "longrope"}) {
            assertThatThrownBy(
                            () ->
                                    parse(
                                            tmp,
                                            base(
                                                    "llama",
                                                    ",\"rope_scaling\":{\"rope_type\":\""
                                                            + kind
                                                            + "\",\"factor\":4.0}")))
                    .hasMessageContaining("rope_scaling type '" + kind + "'");
        }
        assertThatThrownBy(() -> parse(tmp, base("llama", ",\"hidden_act\":\"gelu\"")))
                .hasMessageContaining("hidden_act 'gelu'");
        assertThatThrownBy(() -> parse(tmp, base("llama", ",\"mlp_bias\":true")))
                .hasMessageContaining("mlp_bias");
        assertThatThrownBy(() -> parse(tmp, base("qwen2", ",\"use_sliding_window\":true")))
                .hasMessageContaining("use_sliding_window");
        assertThatThrownBy(() -> parse(tmp, base("llama", ",\"num_key_value_heads\":3")))
                .hasMessageContaining("num_key_value_heads 3");
        assertThatThrownBy(() -> parse(tmp, "{\"model_type\":\"qwen3\",\"hidden_size\":8}"))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> parse(tmp, "{\"hidden_size\":8}"))
                .hasMessageContaining("missing model_type");
    }

    @Test
    void parameterCountMatchesTheLayout() {
        for (PolicyConfig c :
                new PolicyConfig[] {
                    PolicyConfig.tiny(40), PolicyConfig.small(40), PolicyConfig.qwen3_0_6b()
                }) {
            long sum = ParamSpec.layout(c).stream().mapToLong(ParamSpec::numel).sum();
            assertThat(c.parameterCount()).isEqualTo(sum);
        }
        assertThat(PolicyConfig.qwen3_0_6b().parameterCount()).isEqualTo(596_049_920L);
    }
}
