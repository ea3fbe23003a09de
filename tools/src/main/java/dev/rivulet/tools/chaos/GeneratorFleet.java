package dev.rivulet.tools.chaos;

import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.tools.cluster.ModelFleet;
import dev.rivulet.tools.cluster.ServerProcess;
import dev.rivulet.tools.cluster.WeightsCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The generator processes of the {@code generator-kill} scenario ({@code serve --role generator}),
 * each on a free loopback port, pulling weights from a learner process; and the check that every
 * generator serves exactly the learner's weights of the version it reports.
 */
final class GeneratorFleet implements AutoCloseable {

    private final Path dir;
    private final List<String> serverArgs;
    private final List<ServerProcess> generators = new ArrayList<>();
    private int learnerPort;
    private long digestsCompared;
    private long digestsDiffering;
    private final List<String> mismatches = new ArrayList<>();

    /** A fleet with no process yet; {@link #start} starts it. */
    GeneratorFleet(Path dir, List<String> serverArgs) {
        this.dir = dir;
        this.serverArgs = List.copyOf(serverArgs);
    }

    /** Starts {@code n} generators of the learner on {@code learnerPort} and waits for each. */
    void start(int learnerPort, int n) throws IOException, InterruptedException {
        this.learnerPort = learnerPort;
        for (int i = 0; i < n; i++) {
            ServerProcess g =
                    new ServerProcess(
                            null,
                            dir.resolve(ModelFleet.generatorName(i) + ".log"),
                            ChaosRunner.freePort(),
                            ModelFleet.generatorArgs(learnerPort, serverArgs));
            generators.add(g);
            g.start(Duration.ofSeconds(120));
        }
    }

    /** The job's options that send generation to this fleet (none while it has no generator). */
    Map<String, String> jobOptions() {
        if (generators.isEmpty()) {
            return Map.of();
        }
        return Map.of(
                "rivulet.server.generators",
                generators.stream()
                        .map(g -> "127.0.0.1:" + g.port())
                        .collect(Collectors.joining(",")));
    }

    /** How many generators were started. */
    int size() {
        return generators.size();
    }

    /**
     * Kills generator {@code i} with SIGKILL, as a crash would, and starts a replacement on the
     * same port (the job's pool brings it back after its backoff); returns the killed process id.
     */
    long killAndReplace(int i) throws IOException, InterruptedException {
        ServerProcess old = generators.get(i);
        long pid = old.pid();
        old.kill();
        ServerProcess replacement =
                new ServerProcess(
                        null,
                        dir.resolve(ModelFleet.generatorName(i) + "-replacement.log"),
                        old.port(),
                        ModelFleet.generatorArgs(learnerPort, serverArgs));
        generators.set(i, replacement);
        replacement.start(Duration.ofSeconds(120));
        return pid;
    }

    /**
     * Asks every generator for the version it holds and its digest, and the learner for its digest
     * of the same version; a version the learner no longer holds anywhere (a generator within its
     * max-lag of an older version, the learner committed past it) gives no sample, so each
     * generator is asked again, every 200 ms for up to 15 s, until it gave one.
     */
    void compareDigests(PolicyClient learner) throws InterruptedException {
        boolean[] sampled = new boolean[generators.size()];
        long deadline = System.nanoTime() + 15_000_000_000L;
        int left = generators.size();
        while (left > 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < generators.size(); i++) {
                if (sampled[i]) {
                    continue;
                }
                Optional<WeightsCheck> sample;
                try {
                    sample = WeightsCheck.of(generators.get(i).endpoint(), learner);
                } catch (Exception e) {
                    continue; // a generator being replaced: no sample yet
                }
                if (sample.isPresent()) {
                    sampled[i] = true;
                    left--;
                    digestsCompared++;
                    if (!sample.get().matches()) {
                        digestsDiffering++;
                        mismatches.add(sample.get().toString());
                    }
                }
            }
            if (left > 0) {
                Thread.sleep(200);
            }
        }
    }

    /** Generator digests compared with the learner's so far. */
    long digestsCompared() {
        return digestsCompared;
    }

    /** Of those, how many differed (each named in {@link #mismatches}). */
    long digestsDiffering() {
        return digestsDiffering;
    }

    List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess g : generators) {
            g.kill();
        }
    }
}
