package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compare never trains on top of an earlier compare's runs in the same --out. */
class CompareOutTest {

    @TempDir Path out;

    @Test
    void aFreshOrEmptyOutputDirectoryIsAccepted() throws Exception {
        assertThatCode(() -> CompareRunner.requireNoEarlierRuns(out)).doesNotThrowAnyException();
        Files.createDirectories(out.resolve("runs"));
        assertThatCode(() -> CompareRunner.requireNoEarlierRuns(out)).doesNotThrowAnyException();
    }

    @Test
    void earlierRunsAreRefusedNamingTheDirectoryAndTheWayOut() throws Exception {
        Files.createDirectories(out.resolve("runs").resolve("uniform-grpo-s0").resolve("server"));
        assertThatThrownBy(() -> CompareRunner.requireNoEarlierRuns(out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(out.resolve("runs").toString())
                .hasMessageContaining("--out")
                .hasMessageContaining("--from");
    }
}
