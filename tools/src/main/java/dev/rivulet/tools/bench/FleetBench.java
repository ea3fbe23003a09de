package dev.rivulet.tools.bench;

import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.jobs.options.SourceOptions;
import dev.rivulet.protocol.Prompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code bench fleet} (issue 17): the real Flink job against simulated fleets ({@link
 * SimulatedFleet}). First the scaling of rollouts per second with the number of generators, with no
 * asynchrony or staleness bound so that the fleet, not the learner's pace, is measured (job
 * parallelism 2, 4 shards with 4 calls of 8 prompts × 8 rollouts in flight each); then, at one
 * fleet size, the wall time to a held-out accuracy target in streaming mode and in synchronous mode
 * ({@code rivulet.loop.sync=true}). Those two runs share one shape: parallelism 1 (so one version
 * gate holds every shard), 4 shards with one call of 64 rollouts in flight each, so a round of
 * generation is one learner batch of 256 (the default batch size). Synchronous, each round waits
 * for the learner's step on it; streaming has no asynchrony bound ({@code
 * rivulet.loop.max-rollouts-per-version=0}), so rounds are generated while the learner trains on
 * earlier ones. Both keep the default staleness bound (4) and batch size (256); the learner waits
 * up to 2 s ({@code rivulet.learner.max-wait}) for a full batch, so a synchronous round is one step
 * (a round short of 256 rollouts, while the pool fills, is trained after the wait).
 */
public final class FleetBench {

    private FleetBench() {}

    /**
     * What to run.
     *
     * @param sizes fleet sizes of the scaling runs, the first is the speed-up's reference
     * @param warmup time before each scaling measurement
     * @param measure time each scaling run is measured
     * @param generatorNanosPerToken each generator's cost per generated token
     * @param learnerNanosPerToken the learner's cost per trained response token in the scaling runs
     *     (cheap, so that the fleet is measured, not the learner)
     * @param targetLearnerNanosPerToken the learner's cost per trained response token in the runs
     *     to the target: a step then takes about as long as the target fleet takes to generate a
     *     batch, the regime where overlapping them matters (with generation time G and training
     *     time L per batch, synchronous rounds take G + L and streaming ones max(G, L), so the
     *     ratio is at most 2 and is 1 when either is negligible)
     * @param curve the simulated learning curve
     * @param targetFleet fleet size of the streaming and synchronous runs (0: skip them)
     * @param target held-out accuracy to reach
     * @param targetTimeout the longest a run to the target may take
     * @param heldOut held-out prompts per task-mix cell in the evaluation
     * @param streamingBound the streaming run's asynchrony bound ({@code
     *     rivulet.loop.max-rollouts-per-version}; 0: unbounded)
     */
    public record Options(
            List<Integer> sizes,
            Duration warmup,
            Duration measure,
            long generatorNanosPerToken,
            long learnerNanosPerToken,
            long targetLearnerNanosPerToken,
            LearningCurve curve,
            int targetFleet,
            double target,
            Duration targetTimeout,
            int heldOut,
            int streamingBound) {

        public Options {
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty() && targetFleet < 1) {
                throw new IllegalArgumentException("nothing to run: no fleet sizes, no target");
            }
            for (int n : sizes) {
                if (n < 1) {
                    throw new IllegalArgumentException("a fleet size must be >= 1, got " + n);
                }
            }
            curve.progressFor(target); // fails naming a target the curve never reaches
        }

        /**
         * 1, 2, 4 and 8 generators, 5 s warm-up and 20 s measured each, 2 ms per generated token,
         * 0.1 ms per trained token in the scaling runs and 0.5 ms in the runs to the target, the
         * default curve, target 0.7 at 4 generators within 150 s, no asynchrony bound streaming.
         */
        public static Options defaults() {
            return new Options(
                    List.of(1, 2, 4, 8),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(20),
                    2_000_000L,
                    100_000L,
                    500_000L,
                    LearningCurve.defaults(),
                    4,
                    0.7,
                    Duration.ofSeconds(150),
                    125,
                    0);
        }
    }

    /**
     * One scaling run.
     *
     * @param generators fleet size
     * @param rolloutsPerSecond completions generated per second by the fleet
     * @param speedUp over the first fleet size
     * @param learnerBusy share of the window the learner spent inside train steps
     * @param generatorUtilisation share of the window the generators spent generating (mean)
     * @param learnerSteps train steps in the window
     */
    public record ScalePoint(
            int generators,
            double rolloutsPerSecond,
            double speedUp,
            double learnerBusy,
            double generatorUtilisation,
            long learnerSteps) {}

    /**
     * One run to the held-out target.
     *
     * @param mode {@code streaming} or {@code sync}
     * @param reached whether the target was reached before the timeout
     * @param seconds wall time from the first generated completion to the evaluation that reached
     *     the target (or to the timeout)
     * @param version the learner's version then
     * @param accuracy the held-out accuracy then
     * @param rollouts completions generated by then
     * @param learnerBusy share of that time the learner spent inside train steps
     * @param generatorUtilisation share of that time the generators spent generating (mean)
     */
    public record TargetRun(
            String mode,
            boolean reached,
            double seconds,
            long version,
            double accuracy,
            long rollouts,
            double learnerBusy,
            double generatorUtilisation) {}

    /** Everything a run measured. */
    public record Result(
            Options options, List<ScalePoint> scaling, TargetRun streaming, TargetRun sync) {}

    /** Runs the benchmark, printing progress lines to {@code progress}. */
    public static Result run(Options o, Consumer<String> progress) throws Exception {
        List<ScalePoint> points = new ArrayList<>();
        for (int n : o.sizes()) {
            progress.accept("fleet of " + n + ": measuring rollouts/s");
            ScalePoint p = scale(o, n, points.isEmpty() ? 0 : points.get(0).rolloutsPerSecond());
            points.add(p);
            progress.accept(
                    String.format(
                            "fleet of %d: %.1f rollouts/s (%.2fx), learner busy %.2f, generators"
                                    + " %.2f",
                            n,
                            p.rolloutsPerSecond(),
                            p.speedUp(),
                            p.learnerBusy(),
                            p.generatorUtilisation()));
        }
        TargetRun streaming = null;
        TargetRun sync = null;
        if (o.targetFleet() > 0) {
            streaming = toTarget(o, false, progress);
            sync = toTarget(o, true, progress);
        }
        return new Result(o, points, streaming, sync);
    }

    private static ScalePoint scale(Options o, int n, double reference) throws Exception {
        Path dir = Files.createTempDirectory("rivulet-bench-fleet");
        try (SimulatedFleet fleet =
                        SimulatedFleet.start(
                                n,
                                o.curve(),
                                o.generatorNanosPerToken(),
                                o.learnerNanosPerToken());
                FleetJob job =
                        FleetJob.start(
                                fleet,
                                FleetJob.settings(
                                        fleet,
                                        4,
                                        Map.of(
                                                "rivulet.loop.max-rollouts-per-version", "0",
                                                "rivulet.learner.max-staleness", "1000000")),
                                2,
                                dir)) {
            awaitFirstRollout(fleet, job);
            Thread.sleep(o.warmup().toMillis());
            long g0 = fleet.generated();
            long b0 = fleet.busyNanos();
            double s0 = fleet.learner().steps().stepSeconds();
            long n0 = fleet.learner().steps().steps();
            long t0 = System.nanoTime();
            Thread.sleep(o.measure().toMillis());
            job.checkRunning();
            double secs = (System.nanoTime() - t0) / 1e9;
            double rate = (fleet.generated() - g0) / secs;
            return new ScalePoint(
                    n,
                    rate,
                    reference > 0 ? rate / reference : 1.0,
                    (fleet.learner().steps().stepSeconds() - s0) / secs,
                    (fleet.busyNanos() - b0) / 1e9 / secs / n,
                    fleet.learner().steps().steps() - n0);
        }
    }

    private static TargetRun toTarget(Options o, boolean sync, Consumer<String> progress)
            throws Exception {
        String mode = sync ? "sync" : "streaming";
        List<Prompt> heldOut = heldOut(o.heldOut());
        progress.accept(
                String.format(
                        "%s, fleet of %d: to held-out accuracy %.2f (%d prompts)",
                        mode, o.targetFleet(), o.target(), heldOut.size()));
        Path dir = Files.createTempDirectory("rivulet-bench-fleet-" + mode);
        try (SimulatedFleet fleet =
                        SimulatedFleet.start(
                                o.targetFleet(),
                                o.curve(),
                                o.generatorNanosPerToken(),
                                o.targetLearnerNanosPerToken());
                FleetJob job =
                        FleetJob.start(
                                fleet,
                                FleetJob.settings(
                                        fleet,
                                        1,
                                        Map.of(
                                                "rivulet.learner.max-wait",
                                                "2s",
                                                "rivulet.loop.sync",
                                                Boolean.toString(sync),
                                                "rivulet.loop.max-rollouts-per-version",
                                                sync ? "0" : Integer.toString(o.streamingBound()))),
                                1,
                                dir)) {
            awaitFirstRollout(fleet, job);
            long t0 = System.nanoTime();
            double s0 = fleet.learner().steps().stepSeconds();
            long b0 = fleet.busyNanos();
            long end = t0 + o.targetTimeout().toNanos();
            long nextReport = t0;
            while (true) {
                long v = fleet.learner().currentVersion();
                double acc =
                        accuracy(heldOut, v, o.curve().accuracy(fleet.learner().progressAt(v)));
                long now = System.nanoTime();
                double secs = (now - t0) / 1e9;
                boolean reached = acc >= o.target();
                if (reached || now >= end) {
                    TargetRun r =
                            new TargetRun(
                                    mode,
                                    reached,
                                    secs,
                                    v,
                                    acc,
                                    fleet.generated(),
                                    (fleet.learner().steps().stepSeconds() - s0) / secs,
                                    (fleet.busyNanos() - b0) / 1e9 / secs / o.targetFleet());
                    progress.accept(
                            String.format(
                                    "%s: %s after %.1f s at version %d (accuracy %.3f, %d"
                                            + " rollouts)",
                                    mode,
                                    reached ? "target reached" : "target NOT reached",
                                    secs,
                                    v,
                                    acc,
                                    r.rollouts()));
                    return r;
                }
                if (now >= nextReport) {
                    progress.accept(
                            String.format(
                                    "%s: %.0f s, version %d, held-out %.3f, %d rollouts",
                                    mode, secs, v, acc, fleet.generated()));
                    nextReport = now + 10_000_000_000L;
                }
                job.checkRunning();
                Thread.sleep(200);
            }
        }
    }

    /** The held-out prompts of the demo mix: {@code perCell} per cell. */
    static List<Prompt> heldOut(int perCell) {
        List<Prompt> out = new ArrayList<>();
        TaskMix.parse(SourceOptions.DEMO_MIX).heldOut(perCell, 7L).values().forEach(out::addAll);
        return out;
    }

    /**
     * The held-out accuracy of version {@code v}: the share of {@code prompts} whose simulated
     * answer at that version (one sample, seeded by the prompt's position) equals the reference.
     */
    static double accuracy(List<Prompt> prompts, long v, double curveAccuracy) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no held-out prompts");
        }
        int right = 0;
        for (int i = 0; i < prompts.size(); i++) {
            Prompt p = prompts.get(i);
            if (SimulatedGenerator.answer(p.text(), i, 0, v, curveAccuracy).equals(p.answer())) {
                right++;
            }
        }
        return right / (double) prompts.size();
    }

    private static void awaitFirstRollout(SimulatedFleet fleet, FleetJob job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (fleet.generated() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the fleet job generated nothing in 2 minutes");
            }
            job.checkRunning();
            Thread.sleep(50);
        }
    }
}
