package dev.rivulet.tools.demo;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.tools.cluster.ServerProcess;
import dev.rivulet.tools.cluster.WeightsCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a running fleet every few seconds: for each generator, the version it holds and whether
 * its weights digest equals the learner's for that version ({@link WeightsCheck}); at the end, one
 * line per generator with the versions seen, the samples compared and how many matched.
 */
final class FleetWatch implements AutoCloseable {

    /** What was seen on one generator; guarded by the watch. */
    private static final class Seen {
        final TreeSet<Long> versions = new TreeSet<>();
        int compared;
        int matched;
        int noDigest;
        int unreachable;
        final List<String> mismatches = new ArrayList<>();
    }

    private final PolicyEndpoint learner;
    private final List<ServerProcess> generators;
    private final List<Seen> seen = new ArrayList<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "fleet-watch");
                        t.setDaemon(true);
                        return t;
                    });

    FleetWatch(PolicyEndpoint learner, List<ServerProcess> generators, Duration every) {
        this.learner = learner;
        this.generators = List.copyOf(generators);
        for (int i = 0; i < generators.size(); i++) {
            seen.add(new Seen());
        }
        timer.scheduleWithFixedDelay(
                this::sample, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One sample of every generator. */
    synchronized void sample() {
        try (PolicyClient client = PolicyClients.open(learner)) {
            for (int i = 0; i < generators.size(); i++) {
                Seen s = seen.get(i);
                Optional<WeightsCheck> check;
                try {
                    check = WeightsCheck.of(generators.get(i).endpoint(), client);
                } catch (Exception e) {
                    s.unreachable++;
                    continue;
                }
                if (check.isEmpty()) {
                    s.noDigest++;
                    continue;
                }
                WeightsCheck c = check.get();
                s.versions.add(c.version());
                s.compared++;
                if (c.matches()) {
                    s.matched++;
                } else if (s.mismatches.size() < 3) {
                    s.mismatches.add(c.toString());
                }
            }
        } catch (Exception e) {
            // the learner is stopping: no sample
        }
    }

    /** One line per generator: versions seen, digests compared and matched. */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < generators.size(); i++) {
            Seen s = seen.get(i);
            out.add(
                    String.format(
                            Locale.ROOT,
                            "generator on port %d: %d digest samples, %d equal to the learner's"
                                    + " for the same version, versions seen %s; %d samples at a"
                                    + " version the learner no longer held, %d unanswered%s",
                            generators.get(i).port(),
                            s.compared,
                            s.matched,
                            s.versions.isEmpty()
                                    ? "none"
                                    : s.versions.size() <= 6
                                            ? s.versions.toString()
                                            : s.versions.first()
                                                    + ".."
                                                    + s.versions.last()
                                                    + " ("
                                                    + s.versions.size()
                                                    + " distinct)",
                            s.noDigest,
                            s.unreachable,
                            s.mismatches.isEmpty() ? "" : "; MISMATCH " + s.mismatches));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
