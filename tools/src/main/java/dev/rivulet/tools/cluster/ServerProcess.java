package dev.rivulet.tools.cluster;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ServeCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The model server ({@code rivulet serve}) as its own child JVM, started from this JVM's classpath
 * with the same module and DJL flags, so that a test can kill it with SIGKILL and restart it from
 * its checkpoint directory.
 */
public final class ServerProcess implements AutoCloseable {

    private static final String MAIN = ServeCommand.class.getName();

    private final Path checkpointDir;
    private final Path logFile;
    private final int port;
    private final List<String> extraArgs;
    private Path pidFile;
    private Process process;

    /**
     * A server that will listen on {@code port} with checkpoints in {@code checkpointDir} (null:
     * none, as a generator runs).
     *
     * @param extraArgs further {@code serve} options, for example {@code --model-size tiny}
     */
    public ServerProcess(Path checkpointDir, Path logFile, int port, List<String> extraArgs) {
        this.checkpointDir = checkpointDir;
        this.logFile = logFile;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Records the process id in {@code file} once started, so that another JVM ({@code rivulet
     * cluster stop}) can stop it; returns this.
     */
    public ServerProcess withPidFile(Path file) {
        this.pidFile = file;
        return this;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The endpoint jobs use to reach this server. */
    public PolicyEndpoint endpoint() {
        return new PolicyEndpoint("127.0.0.1", port, "", 30_000, 3);
    }

    /** Starts the process and waits until it answers {@code health}. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server process is already running");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        cmd.addAll(LocalCluster.inheritedJvmFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.add("--host=127.0.0.1");
        cmd.add("--port=" + port);
        cmd.add("--metrics-port=-1");
        if (checkpointDir != null) {
            cmd.add("--checkpoint-dir=" + checkpointDir);
        }
        cmd.addAll(extraArgs);
        process =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .start();
        if (pidFile != null) {
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            Files.writeString(pidFile, Long.toString(process.pid()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PolicyClient client = PolicyClients.open(endpoint())) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "the model server exited with "
                                    + process.exitValue()
                                    + "; see "
                                    + logFile);
                }
                try {
                    client.health().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the model server did not answer; see " + logFile);
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    /** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The process id, or -1 when not started. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
