package dev.rivulet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.io.SafeTensors;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rivulet init-model` writes a loadable Hub-layout directory of the asked shape, dtype and seed,
 * and refuses an existing output or an unknown shape.
 */
class InitModelCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void writesALoadableRandomCheckpointWithTheCharacterVocabulary() throws Exception {
        Path out = dir.resolve("small");
        CliRun run =
                CliRun.of(
                        "init-model",
                        "--shape",
                        "small",
                        "--out",
                        out.toString(),
                        "--seed",
                        "7",
                        "--dtype",
                        "f32");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode line = JSON.readTree(run.out());
        PolicyConfig want = PolicyConfig.small(CharVocabulary.size());
        assertThat(line.get("dir").asText()).isEqualTo(out.toAbsolutePath().toString());
        assertThat(line.get("parameters").asLong()).isEqualTo(want.parameterCount());
        assertThat(line.get("dtype").asText()).isEqualTo("f32");
        long bytes;
        try (Stream<Path> files = Files.list(out)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(line.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(out.resolve("tokenizer.json")).isRegularFile();
        assertThat(ModelDir.readConfig(out)).isEqualTo(want);
        assertThat(SafeTensors.dtypeOf(SafeTensors.open(out).entry("model.norm.weight")))
                .isEqualTo(SafeTensors.Dtype.F32);
        try (TransformerPolicy loaded = ModelDir.loadPolicy(out);
                TransformerPolicy fresh = TransformerPolicy.create(want, 7);
                HfTokenizer tok = HfTokenizer.load(out)) {
            float[][] a = loaded.exportParameters();
            float[][] b = fresh.exportParameters();
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as(loaded.parameterNames().get(i)).containsExactly(b[i]);
            }
            assertThat(tok.encode("12+34=", true)).hasSize(7);
        }
    }

    @Test
    void theQwen3Shape() {
        PolicyConfig c = InitModelCommand.Shape.parse("qwen3-0.6b").config();
        assertThat(c).isEqualTo(PolicyConfig.qwen3_0_6b());
        assertThat(c.layers()).isEqualTo(28);
        assertThat(c.hiddenSize()).isEqualTo(1024);
        assertThat(c.heads()).isEqualTo(16);
        assertThat(c.kvHeads()).isEqualTo(8);
        assertThat(c.headDim()).isEqualTo(128);
        assertThat(c.intermediateSize()).isEqualTo(3072);
        assertThat(c.vocabSize()).isEqualTo(151936);
        assertThat(c.parameterCount()).isEqualTo(596_049_920L);
    }

    @Test
    void refusesAnExistingOutputAnUnknownShapeAndDtype() throws Exception {
        Path out = dir.resolve("taken");
        Files.createDirectories(out);
        CliRun taken = CliRun.of("init-model", "--shape", "tiny", "--out", out.toString());
        assertThat(taken.code()).isEqualTo(2);
        assertThat(taken.out()).isEmpty();
        assertThat(taken.err()).contains("already exists");
        CliRun shape =
                CliRun.of("init-model", "--shape", "huge", "--out", dir.resolve("x").toString());
        assertThat(shape.code()).isEqualTo(2);
        assertThat(shape.err()).contains("unknown shape 'huge'");
        CliRun dtype =
                CliRun.of(
                        "init-model",
                        "--shape",
                        "tiny",
                        "--dtype",
                        "int8",
                        "--out",
                        dir.resolve("y").toString());
        assertThat(dtype.code()).isEqualTo(2);
        assertThat(dtype.err()).contains("--dtype must be bf16 or f32");
        assertThat(dir.resolve("y")).doesNotExist();
    }
}
