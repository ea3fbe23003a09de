package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void parsesEveryFlagAndALaterSetWins() {
        JobArguments a =
                JobArguments.parse(
                        "--set", "rivulet.loop.shards=2",
                        "--telemetry", "file:///data/run/telemetry",
                        "--config", "job.yaml",
                        "--set", "rivulet.loop.shards=3",
                        "--set", "rivulet.source.system-prompt=a=b");
        assertThat(a.telemetry()).isEqualTo("file:///data/run/telemetry");
        assertThat(a.config()).isEqualTo(Path.of("job.yaml"));
        assertThat(a.overrides())
                .containsExactly(
                        java.util.Map.entry("rivulet.loop.shards", "3"),
                        java.util.Map.entry("rivulet.source.system-prompt", "a=b"));
    }

    @Test
    void malformedCommandLinesFailNamingTheProblem() {
        assertThatThrownBy(() -> JobArguments.parse("--config", "x.yaml"))
                .hasMessageContaining("--telemetry DIR is required");
        assertThatThrownBy(() -> JobArguments.parse("--telemetry", "t", "--set", "novalue"))
                .hasMessageContaining("novalue");
        assertThatThrownBy(() -> JobArguments.parse("--telemetry", "t", "--set"))
                .hasMessageContaining("--set needs a value");
        assertThatThrownBy(() -> JobArguments.parse("--telemetry", "t", "--cofnig", "x"))
                .hasMessageContaining("--cofnig");
    }
}
