package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precedence defaults < Flink configuration < --config < --set, and unknown keys per layer. */
class ConfigLayersTest {

    @TempDir Path dir;

    @Test
    void eachLayerOverridesTheOnesBefore() throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, "rivulet:\n  loop:\n    top-p: 0.9\n    max-new-tokens: 12\n");
        Map<String, String> flink =
                Map.of(
                        "rivulet.loop.temperature", "0.5",
                        "rivulet.loop.top-p", "0.8",
                        "rivulet.loop.max-new-tokens", "11",
                        "taskmanager.numberOfTaskSlots", "4",
                        "execution.checkpointing.interval", "10s");
        JobSettings s =
                ConfigLayers.resolve(
                        flink,
                        JobArguments.parse(
                                "--telemetry",
                                "/t",
                                "--config",
                                yaml.toString(),
                                "--set",
                                "rivulet.loop.max-new-tokens=13"));
        Map<String, String> m = s.effective();
        assertThat(m)
                .containsEntry("rivulet.loop.temperature", "0.5") // Flink configuration
                .containsEntry("rivulet.loop.top-p", "0.9") // --config over Flink
                .containsEntry("rivulet.loop.max-new-tokens", "13") // --set over both
                .containsEntry("rivulet.loop.selector", s.get(LoopOptions.SELECTOR)); // default
        assertThat(s.get(LoopOptions.SELECTOR)).isEqualTo(LoopOptions.SELECTOR.defaultValue());
        // Flink's own keys are not rivulet options and do not reach the settings
        assertThat(m).doesNotContainKey("taskmanager.numberOfTaskSlots");
    }

    @Test
    void theFlinkConfigurationAloneIsEnough() throws Exception {
        JobSettings s =
                ConfigLayers.resolve(
                        Map.of("rivulet.server.address", "model-server:8815"),
                        JobArguments.parse("--telemetry", "/t"));
        assertThat(s.get(ServerOptions.ADDRESS)).isEqualTo("model-server:8815");
    }

    @Test
    void anUnknownKeyFailsNamingTheKeyAndItsLayer() throws Exception {
        assertThatThrownBy(
                        () ->
                                ConfigLayers.resolve(
                                        Map.of("rivulet.loop.temprature", "0.5"),
                                        JobArguments.parse("--telemetry", "/t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rivulet.loop.temprature")
                .hasMessageContaining(ConfigLayers.FLINK);
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "rivulet.learner.batchsize: 3\n");
        assertThatThrownBy(
                        () ->
                                ConfigLayers.resolve(
                                        Map.of(),
                                        JobArguments.parse(
                                                "--telemetry", "/t", "--config", yaml.toString())))
                .hasMessageContaining("rivulet.learner.batchsize")
                .hasMessageContaining("--config " + yaml);
        assertThatThrownBy(
                        () ->
                                ConfigLayers.resolve(
                                        Map.of(),
                                        JobArguments.parse(
                                                "--telemetry", "/t", "--set", "rivulet.nope=1")))
                .hasMessageContaining("rivulet.nope")
                .hasMessageContaining("--set");
    }

    @Test
    void aBadValueInTheFlinkConfigurationFailsNamingTheOption() {
        assertThatThrownBy(
                        () ->
                                ConfigLayers.resolve(
                                        Map.of("rivulet.loop.max-new-tokens", "many"),
                                        JobArguments.parse("--telemetry", "/t")))
                .hasMessageContaining("rivulet.loop.max-new-tokens");
    }
}
