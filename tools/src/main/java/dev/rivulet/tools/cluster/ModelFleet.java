package dev.rivulet.tools.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The model side of a local cluster as its own processes (issue 17): one learner ({@code serve
 * --role learner}) and N generators ({@code serve --role generator --learner ...}), each a child
 * JVM on loopback whose pid is kept in the cluster's pid directory, so that {@code rivulet cluster
 * stop} stops them with the Flink processes.
 *
 * <p>Ports: {@link Spec#consecutive} puts the learner on {@code learnerPort} and generator i on
 * {@code learnerPort + 1 + i}.
 */
public final class ModelFleet implements AutoCloseable {

    /** The learner's process name (its pid and log file are named after it). */
    public static final String LEARNER = "learner";

    /**
     * @param dir the cluster directory (logs, pids, the learner's checkpoints)
     * @param learnerPort the learner's Flight port
     * @param generatorPorts each generator's Flight port
     * @param serverArgs further {@code serve} options every process gets, e.g. {@code --model DIR}
     */
    public record Spec(
            Path dir, int learnerPort, List<Integer> generatorPorts, List<String> serverArgs) {
        public Spec {
            Objects.requireNonNull(dir, "dir");
            generatorPorts = List.copyOf(generatorPorts);
            if (generatorPorts.isEmpty()) {
                throw new IllegalArgumentException("a fleet needs at least one generator");
            }
            serverArgs = List.copyOf(serverArgs);
        }

        /**
         * The learner on {@code learnerPort} and {@code generators} generators on the ports above
         * it.
         */
        public static Spec consecutive(
                Path dir, int generators, int learnerPort, List<String> serverArgs) {
            if (generators < 1) {
                throw new IllegalArgumentException(
                        "a fleet needs at least one generator, got " + generators);
            }
            if (learnerPort < 1 || learnerPort + generators > 65535) {
                throw new IllegalArgumentException(
                        "learner port "
                                + learnerPort
                                + " leaves no room for "
                                + generators
                                + " generator ports above it");
            }
            return new Spec(
                    dir,
                    learnerPort,
                    IntStream.rangeClosed(1, generators).mapToObj(i -> learnerPort + i).toList(),
                    serverArgs);
        }

        /** How many generators. */
        public int generators() {
            return generatorPorts.size();
        }

        /** Generator {@code i}'s port. */
        public int generatorPort(int i) {
            return generatorPorts.get(i);
        }
    }

    private final Spec spec;
    private final List<ServerProcess> processes = new ArrayList<>();

    public ModelFleet(Spec spec) {
        this.spec = spec;
    }

    /**
     * The job's server options for this fleet: the learner as {@code rivulet.server.address} and
     * {@code rivulet.server.learner}, the generators as {@code rivulet.server.generators}.
     */
    public static Map<String, String> jobOptions(Spec spec) {
        String learner = "127.0.0.1:" + spec.learnerPort();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("rivulet.server.address", learner);
        o.put("rivulet.server.learner", learner);
        o.put(
                "rivulet.server.generators",
                IntStream.range(0, spec.generators())
                        .mapToObj(i -> "127.0.0.1:" + spec.generatorPort(i))
                        .collect(Collectors.joining(",")));
        return o;
    }

    /** The {@code serve} options of a learner: {@code --role=learner}, then {@code serverArgs}. */
    public static List<String> learnerArgs(List<String> serverArgs) {
        List<String> args = new ArrayList<>(List.of("--role=learner"));
        args.addAll(serverArgs);
        return args;
    }

    /**
     * The {@code serve} options of a generator of the learner on loopback port {@code learnerPort}.
     */
    public static List<String> generatorArgs(int learnerPort, List<String> serverArgs) {
        List<String> args =
                new ArrayList<>(List.of("--role=generator", "--learner=127.0.0.1:" + learnerPort));
        args.addAll(serverArgs);
        return args;
    }

    /** Generator {@code i}'s process name. */
    public static String generatorName(int i) {
        return "generator-" + i;
    }

    /**
     * Starts the learner, waits until it answers, then starts the generators (each pulls the
     * learner's weights before it answers) and waits for them.
     */
    public void start(Duration timeout) throws IOException, InterruptedException {
        Path logs = spec.dir().resolve("log");
        Path pids = spec.dir().resolve("pids");
        ServerProcess learner =
                new ServerProcess(
                                spec.dir().resolve("learner-checkpoints"),
                                logs.resolve(LEARNER + ".log"),
                                spec.learnerPort(),
                                learnerArgs(spec.serverArgs()))
                        .withPidFile(pids.resolve(LEARNER + ".pid"));
        processes.add(learner);
        learner.start(timeout);
        for (int i = 0; i < spec.generators(); i++) {
            ServerProcess g =
                    new ServerProcess(
                                    null,
                                    logs.resolve(generatorName(i) + ".log"),
                                    spec.generatorPort(i),
                                    generatorArgs(spec.learnerPort(), spec.serverArgs()))
                            .withPidFile(pids.resolve(generatorName(i) + ".pid"));
            processes.add(g);
            g.start(timeout);
        }
    }

    /** The processes started so far: the learner first, then the generators in order. */
    public List<ServerProcess> processes() {
        return List.copyOf(processes);
    }

    /** Stops every process this object started (a CLI that exits leaves them to cluster stop). */
    @Override
    public void close() throws InterruptedException {
        for (ServerProcess p : processes) {
            p.close();
        }
    }
}
