package dev.rivulet.tools.demo;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.service.ServiceConfig;
import dev.rivulet.tools.model.BaseModelCache;
import dev.rivulet.tools.model.PretrainSpec;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Starts in-process model servers from a cached pre-trained base policy (pre-training it first when
 * the cache has none), as the embedded demo and compare use them.
 */
public final class EmbeddedServers implements ServerLauncher {

    private final Path baseModel;
    private final double learningRate;
    private final String device;

    private EmbeddedServers(Path baseModel, double learningRate, String device) {
        this.baseModel = baseModel;
        this.learningRate = learningRate;
        this.device = device;
    }

    /** A launcher for a user's model directory (Hugging Face layout) on {@code device}. */
    public static EmbeddedServers forModel(Path modelDir, double learningRate, String device) {
        return new EmbeddedServers(modelDir.toAbsolutePath(), learningRate, device);
    }

    /** This launcher on another device ({@code cpu}, {@code gpu} or {@code auto}). */
    public EmbeddedServers onDevice(String d) {
        return new EmbeddedServers(baseModel, learningRate, d);
    }

    /** Ensures the base policy exists (pre-training it once) and returns a launcher for it. */
    public static EmbeddedServers forBase(
            PretrainSpec spec, double learningRate, Consumer<String> progress) throws Exception {
        Path base = BaseModelCache.defaultCache().getOrTrain(spec, progress);
        return new EmbeddedServers(base, learningRate, "cpu");
    }

    public Path baseModel() {
        return baseModel;
    }

    @Override
    public Launched start(JobSettings settings, Path dir) throws Exception {
        ModelServer server =
                ModelServer.start(
                        ModelServerConfig.local(
                                        ServiceConfig.defaults()
                                                .withModelDir(baseModel)
                                                .withCheckpointDir(dir)
                                                .withLoss(
                                                        settings.serverLoss(),
                                                        settings.serverLossOptions())
                                                .withOptimizer(
                                                        OptimizerConfig.from(
                                                                learningRate,
                                                                settings.serverOptimizerOptions()))
                                                .withDevice(device))
                                .withMetricsPort(0));
        return new Launched() {
            @Override
            public PolicyEndpoint endpoint() {
                return PolicyEndpoint.local(server.port());
            }

            @Override
            public void close() {
                server.close();
            }

            @Override
            public String toString() {
                return "model server on port "
                        + server.port()
                        + ", metrics "
                        + server.metricsPort();
            }
        };
    }
}
