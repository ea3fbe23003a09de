package dev.rivulet.tools.demo;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.tools.cluster.ModelFleet;
import dev.rivulet.tools.cluster.ServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The model side of a demo or train run as a fleet (issue 17): one learner ({@code serve --role
 * learner}) and N generators ({@code serve --role generator}), each its own JVM on loopback,
 * started from the run's base model with the run's loss and optimiser options. The job trains
 * through the learner and generates through the generators ({@link #jobOptions}). While it runs,
 * {@link FleetWatch} compares each generator's held version and weights digest with the learner's,
 * and prints what it saw when the run ends.
 */
public final class FleetServers implements ServerLauncher {

    private final Path baseModel;
    private final double learningRate;
    private final String device;
    private final int learnerPort;
    private final List<Integer> generatorPorts;
    private final PrintStream progress;

    private FleetServers(
            Path baseModel,
            double learningRate,
            String device,
            int learnerPort,
            List<Integer> generatorPorts,
            PrintStream progress) {
        this.baseModel = baseModel.toAbsolutePath();
        this.learningRate = learningRate;
        this.device = device;
        this.learnerPort = learnerPort;
        this.generatorPorts = List.copyOf(generatorPorts);
        this.progress = progress;
    }

    /** A fleet of {@code generators} generators on free loopback ports. */
    public static FleetServers onFreePorts(
            Path baseModel,
            double learningRate,
            String device,
            int generators,
            PrintStream progress)
            throws IOException {
        if (generators < 1) {
            throw new IllegalArgumentException(
                    "--generators must be at least 1 for a fleet, got " + generators);
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i <= generators; i++) {
                held.add(new ServerSocket(0));
            }
            List<Integer> ports = held.stream().map(ServerSocket::getLocalPort).toList();
            return new FleetServers(
                    baseModel,
                    learningRate,
                    device,
                    ports.get(0),
                    ports.subList(1, ports.size()),
                    progress);
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** The job's options that send generation to the generators and training to the learner. */
    public Map<String, String> jobOptions() {
        String learner = "127.0.0.1:" + learnerPort;
        return Map.of(
                "rivulet.server.learner",
                learner,
                "rivulet.server.generators",
                generatorPorts.stream()
                        .map(p -> "127.0.0.1:" + p)
                        .collect(Collectors.joining(",")));
    }

    /** The {@code serve} options every process of the fleet gets for {@code settings}. */
    List<String> serverArgs(JobSettings settings) {
        List<String> args = new ArrayList<>();
        args.add("--model=" + baseModel);
        args.add(String.format(Locale.ROOT, "--lr=%s", learningRate));
        args.add("--device=" + device);
        args.add("--loss=" + settings.serverLoss());
        settings.serverLossOptions()
                .asMap()
                .forEach((k, v) -> args.add("--loss-option=" + k + "=" + v));
        settings.serverOptimizerOptions()
                .asMap()
                .forEach((k, v) -> args.add("--optimizer-option=" + k + "=" + v));
        return args;
    }

    @Override
    public Launched start(JobSettings settings, Path dir) throws Exception {
        ModelFleet fleet =
                new ModelFleet(
                        new ModelFleet.Spec(
                                dir, learnerPort, generatorPorts, serverArgs(settings)));
        progress.printf(
                "[rivulet] starting the model side as a fleet: a learner on 127.0.0.1:%d and %d"
                        + " generators %s (logs in %s)%n",
                learnerPort, generatorPorts.size(), generatorPorts, dir.resolve("log"));
        try {
            fleet.start(Duration.ofMinutes(3));
        } catch (Exception e) {
            fleet.close();
            throw e;
        }
        ServerProcess learner = fleet.processes().get(0);
        List<ServerProcess> gens = fleet.processes().subList(1, fleet.processes().size());
        FleetWatch watch = new FleetWatch(learner.endpoint(), gens, Duration.ofSeconds(5));
        return new Launched() {
            @Override
            public PolicyEndpoint endpoint() {
                return learner.endpoint();
            }

            @Override
            public void close() throws Exception {
                try {
                    watch.close();
                    watch.lines().forEach(l -> progress.println("[rivulet] " + l));
                } finally {
                    fleet.close();
                }
            }

            @Override
            public String toString() {
                return "fleet: learner " + learner.endpoint() + ", generators " + generatorPorts;
            }
        };
    }
}
