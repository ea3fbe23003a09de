package dev.rivulet.jobs.sql;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), started as a
 * separate JVM from the test classpath: storage is formatted with {@code kafka.tools.StorageTool},
 * then {@code kafka.Kafka} runs until {@link #close()} destroys it.
 */
final class KraftBroker implements AutoCloseable {

    private final Process process;
    private final int port;

    private KraftBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Formats a fresh log directory under {@code dir} and starts the broker; waits until it
     * listens.
     */
    static KraftBroker start(Path dir, Duration timeout) throws Exception {
        int port = freePort();
        int controller = freePort();
        Path logs = dir.resolve("kraft-logs");
        Path props = dir.resolve("server.properties");
        Files.writeString(
                props,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controller,
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controller,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + logs,
                        "num.partitions=1",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=true",
                        ""));
        Path out = dir.resolve("broker.log");
        int rc =
                java("kafka.tools.StorageTool", out, "format", "-t", uuid(), "-c", props.toString())
                        .waitFor();
        if (rc != 0) {
            throw new IllegalStateException(
                    "kafka storage format failed (" + rc + "): " + Files.readString(out));
        }
        Process p = java("kafka.Kafka", out, props.toString());
        // never leave a broker behind when the test JVM dies before close()
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        KraftBroker broker = new KraftBroker(p, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                broker.close();
                throw new IllegalStateException(
                        "the Kafka broker did not start: " + Files.readString(out));
            }
            p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process java(String main, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        File f = log.toFile();
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(f))
                .start();
    }

    /**
     * A cluster id as Kafka writes them (URL-safe base64 of 16 random bytes), never starting with
     * '-': the storage tool's argument parser would read such an id as an option and fail with
     * "argument --cluster-id/-t: expected one argument" (1 run in 64; Kafka's own {@code
     * Uuid.randomUuid} draws again for the same reason).
     */
    static String uuid() {
        while (true) {
            UUID u = UUID.randomUUID();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
            b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
