package dev.rivulet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.app.ServeCommand;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.service.ServiceConfig;
import dev.rivulet.tools.model.BaseModelCache;
import dev.rivulet.tools.model.PretrainReport;
import dev.rivulet.tools.model.PretrainSpec;
import dev.rivulet.tools.model.Pretraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pretrain writes a model directory the server starts from; probe reports up, refused and down. */
class ModelCommandsITCase {

    @TempDir Path dir;

    @Test
    void pretrainThenServeFromTheModelDirAndProbe() throws Exception {
        PretrainSpec spec = PretrainSpec.of("arith(ops=+):1@1", "tiny", Duration.ofSeconds(2), 5);
        BaseModelCache cache = new BaseModelCache(dir.resolve("cache"));
        assertThat(cache.find(spec)).isEmpty();
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        Path model =
                cache.getOrTrain(
                        spec,
                        s -> {
                            progress.add(s);
                            System.out.println(s);
                        });
        assertThat(progress.get(0)).contains("no cached base model");
        assertThat(model.resolve(ModelDir.WEIGHTS)).isRegularFile();
        assertThat(model.resolve(Pretraining.REPORT_FILE)).isRegularFile();
        assertThat(
                        cache.getOrTrain(
                                spec,
                                s -> {
                                    throw new AssertionError("trained again: " + s);
                                }))
                .isEqualTo(model);
        assertThat(Files.list(dir.resolve("cache"))).hasSize(1);

        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "tok-123\n");
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve)
                .parseArgs(
                        "--model=" + model,
                        "--port=0",
                        "--metrics-port=-1",
                        "--token-file=" + tokenFile);
        ModelServerConfig config = serve.config();
        assertThat(config.bearerToken()).isEqualTo("tok-123");
        assertThat(config.toString()).doesNotContain("tok-123");
        int port;
        try (ModelServer server = ModelServer.start(config)) {
            port = server.port();
            assertThat(server.policyService().policyConfig()).isEqualTo(ModelDir.readConfig(model));
            var ok = ProbeCommand.probe("127.0.0.1:" + port, "tok-123", Duration.ofSeconds(10));
            assertThat(ok.ok()).isTrue();
            assertThat(ok.fields())
                    .containsEntry("status", "ok")
                    .containsEntry("policy_version", 0L)
                    .containsEntry("device", "cpu()");
            var refused = ProbeCommand.probe("127.0.0.1:" + port, "nope", Duration.ofSeconds(10));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.fields()).containsEntry("error", "UNAUTHENTICATED");
            assertThat(Jsons.line(refused.fields())).doesNotContain("\n");
            assertThat(server.service().version())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(0, 0));
        }
        var down = ProbeCommand.probe("127.0.0.1:" + port, null, Duration.ofSeconds(2));
        assertThat(down.ok()).isFalse();
        assertThat(down.fields()).containsEntry("error", "UNAVAILABLE");
    }

    @Test
    void pretrainRefusesAnExistingOutput() throws Exception {
        Files.createDirectories(dir.resolve("taken"));
        PretrainSpec spec = PretrainSpec.of("arith(ops=+):1@1", "tiny", Duration.ofSeconds(1), 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Pretraining.run(spec, dir.resolve("taken"), s -> {}))
                .hasMessageContaining("already exists");
        PretrainReport r = Pretraining.run(spec, dir.resolve("fresh"), s -> {});
        assertThat(r.steps()).isPositive();
        assertThat(r.heldOutExactMatch()).containsKey("arith(ops=+):1");
        ServiceConfig.defaults().withModelDir(r.modelDir());
    }
}
