package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSettingsLayersTest {

    @Test
    void theYamlOverridesTheBaseAndTheOverridesOverrideBoth(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("c.yaml");
        Files.writeString(
                yaml, "rivulet:\n  loop:\n    selector: thompson\n    tracker: beta-decay\n");
        JobSettings s =
                JobSettings.load(
                        Map.of(
                                "rivulet.loop.selector", "spo-priority",
                                "rivulet.loop.advantage", "spo",
                                "rivulet.loop.tracker", "beta-kl"),
                        yaml,
                        Map.of("rivulet.loop.tracker", "reward-history"));
        Map<String, String> m = s.effective();
        assertThat(m)
                .containsEntry("rivulet.loop.advantage", "spo")
                .containsEntry("rivulet.loop.selector", "thompson")
                .containsEntry("rivulet.loop.tracker", "reward-history");
    }
}
