package dev.rivulet.server.app;

import dev.rivulet.server.service.ServiceConfig;
import java.io.IOException;

/** The tiny model servers the role tests start: a config per seed and a generator of a learner. */
final class RoleTestServers {

    private RoleTestServers() {}

    /** The tiny model with {@code seed}, a learning rate that moves it, small limits. */
    static ServiceConfig tiny(long seed) {
        return ServiceConfig.defaults()
                .withModelSize("tiny")
                .withSeed(seed)
                .withLearningRate(1e-2)
                .withLimits(16, 8, 4);
    }

    /** A tiny server of {@code seed} in the given role, without a metrics port. */
    static ModelServer start(long seed, ServerRole role) throws IOException {
        return ModelServer.start(
                ModelServerConfig.local(tiny(seed)).withMetricsPort(-1).withRole(role));
    }

    /** A generator of {@code seed} following the learner on 127.0.0.1:{@code learnerPort}. */
    static ModelServer generator(long seed, int learnerPort, int maxLag) throws IOException {
        return start(
                seed,
                new ServerRole(ServerRole.Kind.GENERATOR, "127.0.0.1", learnerPort, maxLag, null));
    }
}
