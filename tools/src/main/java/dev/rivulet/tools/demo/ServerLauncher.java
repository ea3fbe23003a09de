package dev.rivulet.tools.demo;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import java.nio.file.Path;

/** Starts a fresh model server from the shared base policy for one run. */
public interface ServerLauncher {

    /** A started server: where it listens; closing it stops it. */
    interface Launched extends AutoCloseable {
        PolicyEndpoint endpoint();
    }

    /**
     * Starts a server with the policy loss and optimiser options of {@code settings} ({@code
     * rivulet.server.loss}, {@code rivulet.server.loss-options} and {@code
     * rivulet.server.optimizer-options}), keeping its checkpoints under {@code dir}.
     */
    Launched start(JobSettings settings, Path dir) throws Exception;
}
