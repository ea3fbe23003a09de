package dev.rivulet.tools.demo;

import dev.rivulet.operators.client.PolicyEndpoint;
import java.nio.file.Path;

/** Starts a fresh model server from the shared base policy for one run. */
public interface ServerLauncher {

    /** A started server: where it listens; closing it stops it. */
    interface Launched extends AutoCloseable {
        PolicyEndpoint endpoint();
    }

    /** Starts a server with the given policy loss, keeping its checkpoints under {@code dir}. */
    Launched start(String loss, Path dir) throws Exception;
}
