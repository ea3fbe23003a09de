package dev.rivulet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** compare's flags: unset ones leave the preset's value; --from aggregates without training. */
class CompareCommandTest {

    @TempDir Path dir;

    private static CompareCommand parse(String... args) {
        CompareCommand c = new CompareCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void unsetFlagsAreNullSoThePresetDecides() {
        CompareCommand c = parse("--preset", "allocators");
        assertThat(c.preset).isEqualTo("allocators");
        assertThat(c.arms).isNull();
        assertThat(c.seeds).isNull();
        assertThat(c.sync).isNull();
        assertThat(parse("--no-sync").sync).isFalse();
        assertThat(parse("--sync").sync).isTrue();
        assertThat(parse().preset).isEqualTo("quick");
    }

    @Test
    void fromCurvesWritesCompareHtmlToOut() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(
                src.resolve("curves.tsv"),
                "run\trollouts\theld_out_accuracy\nuniform-grpo-s0\t0\t0.5\n"
                        + "uniform-grpo-s0\t1000\t0.6\nspo-s0\t0\t0.5\nspo-s0\t1000\t0.62\n");
        for (String run : new String[] {"uniform-grpo-s0", "spo-s0"}) {
            Files.writeString(
                    src.resolve("summary-" + run + ".json"),
                    "{\"final_accuracy\": 0.6, \"rollouts_generated\": 1000}");
        }
        Path out = dir.resolve("out");
        int code =
                new CommandLine(new RivuletCli())
                        .execute("compare", "--from", src.toString(), "--out", out.toString());
        assertThat(code).isZero();
        assertThat(Files.readString(out.resolve("compare.html"))).contains("<table");
        assertThat(src.resolve("compare.html")).doesNotExist();
    }
}
