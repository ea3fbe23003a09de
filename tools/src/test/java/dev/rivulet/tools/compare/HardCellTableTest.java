package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardCellTableTest {

    @TempDir Path dir;

    private void summary(String run, double fin, Double equal, Double hinted) throws Exception {
        summary(run, fin, equal, hinted, null);
    }

    private void summary(String run, double fin, Double equal, Double hinted, Double zero)
            throws Exception {
        Path d = Files.createDirectories(dir.resolve("runs").resolve(run));
        Files.writeString(
                d.resolve("summary.json"),
                ("{'accuracy_by_difficulty':{'arith(ops=+):2':{'base':0.8,'final':0.9},"
                                + "'arith(ops=+):4':{'base':0.56,'final':%s}},"
                                + "'groups_by_difficulty':{'arith:4':{'groups':10,"
                                + "'all_equal_share':%s,'hinted_share':%s,"
                                + "'zero_advantage_share':%s}}}")
                        .formatted(fin, equal, hinted, zero)
                        .replace('\'', '"'));
    }

    @Test
    void mediansOfTheHardestCellPerArm() throws Exception {
        summary("scaffold-s0", 0.60, 0.2, 0.1);
        summary("scaffold-s1", 0.62, 0.3, 0.2);
        summary("scaffold-s2", 0.61, 0.4, 0.3);
        summary("spo-s0", 0.65, null, null, 0.01);
        Files.createDirectories(dir.resolve("runs/spo-s1")); // unfinished: no summary
        String t = HardCellTable.of(dir);
        // scaffold: median final 0.61, +5.0 points over 0.56; all-equal 0.30; hinted 0.20
        assertThat(t)
                .containsPattern(
                        "scaffold\\s+arith\\(ops=\\+\\):4\\s+0\\.560\\s+0\\.610\\s+\\+5\\.0"
                                + "\\s+0\\.30\\s+0\\.20");
        // spo has groups of one: no all-equal share, but a zero-advantage share
        assertThat(t)
                .containsPattern(
                        "spo\\s+arith\\(ops=\\+\\):4\\s+0\\.560\\s+0\\.650\\s+\\+9\\.0"
                                + "\\s+-\\s+-\\s+0\\.01");
    }

    @Test
    void cellKeysDropTheTaskOptions() {
        assertThat(HardCellTable.cellKey("arith(ops=+):4")).isEqualTo("arith:4");
        assertThat(HardCellTable.cellKey("gsm8k:1")).isEqualTo("gsm8k:1");
    }

    @Test
    void noRunsNoTable() throws Exception {
        assertThat(HardCellTable.of(dir)).isEmpty();
    }
}
