package dev.rivulet.cli;

import dev.rivulet.tools.bench.FleetBench;
import dev.rivulet.tools.bench.LearningCurve;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code rivulet bench fleet}; the defaults take about 5 to 6 minutes. */
final class FleetBenchOptions {

    private final FleetBench.Options defaults = FleetBench.Options.defaults();

    @Option(
            names = "--fleet-sizes",
            description =
                    "fleet: generator counts of the scaling runs, the first is the speed-up's"
                            + " reference (default: ${DEFAULT-VALUE}).")
    String sizes = "1,2,4,8";

    @Option(
            names = "--fleet-seconds",
            description = "fleet: seconds measured per scaling run (default: ${DEFAULT-VALUE}).")
    int seconds = (int) defaults.measure().toSeconds();

    @Option(
            names = "--fleet-warmup",
            description =
                    "fleet: seconds of warm-up before each scaling measurement (default:"
                            + " ${DEFAULT-VALUE}).")
    int warmup = (int) defaults.warmup().toSeconds();

    @Option(
            names = "--token-ms",
            description =
                    "fleet: a simulated generator's cost per generated token, ms (default:"
                            + " ${DEFAULT-VALUE}).")
    double tokenMs = defaults.generatorNanosPerToken() / 1e6;

    @Option(
            names = "--learner-token-ms",
            description =
                    "fleet: the simulated learner's cost per trained response token in the"
                            + " scaling runs, ms (default: ${DEFAULT-VALUE}).")
    double learnerTokenMs = defaults.learnerNanosPerToken() / 1e6;

    @Option(
            names = "--target-learner-token-ms",
            description =
                    "fleet: the learner's cost per trained response token in the runs to the"
                            + " target, ms (default: ${DEFAULT-VALUE}).")
    double targetLearnerTokenMs = defaults.targetLearnerNanosPerToken() / 1e6;

    @Option(
            names = "--target-fleet",
            description =
                    "fleet: generators of the streaming and synchronous runs to the held-out"
                            + " target; 0 skips them (default: ${DEFAULT-VALUE}).")
    int targetFleet = defaults.targetFleet();

    @Option(
            names = "--target",
            description =
                    "fleet: held-out accuracy to reach on the simulated learning curve (default:"
                            + " ${DEFAULT-VALUE}).")
    double target = defaults.target();

    @Option(
            names = "--curve-scale",
            description =
                    "fleet: weighted rollouts for 63% of the curve from 0.1 to 0.9; smaller"
                            + " reaches the target sooner (default: ${DEFAULT-VALUE}).")
    double curveScale = defaults.curve().scale();

    @Option(
            names = "--staleness-discount",
            description =
                    "fleet: what one version of staleness leaves of a trained rollout's worth on"
                            + " the curve, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double stalenessDiscount = defaults.curve().stalenessDiscount();

    @Option(
            names = "--streaming-bound",
            description =
                    "fleet: rivulet.loop.max-rollouts-per-version of the streaming run to the"
                            + " target, 0 for none (default: ${DEFAULT-VALUE}).")
    int streamingBound = defaults.streamingBound();

    @Option(
            names = "--target-timeout",
            description =
                    "fleet: seconds a run to the target may take (default: ${DEFAULT-VALUE}).")
    int targetTimeout = (int) defaults.targetTimeout().toSeconds();

    /** The benchmark's options; a bad value fails naming it. */
    FleetBench.Options options() {
        List<Integer> n = new ArrayList<>();
        for (String part : sizes.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                n.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--fleet-sizes: '" + part.trim() + "' is not a number");
            }
        }
        if (seconds < 1 || warmup < 0 || targetTimeout < 1) {
            throw new IllegalArgumentException(
                    "--fleet-seconds and --target-timeout must be >= 1 and --fleet-warmup >= 0,"
                            + " got "
                            + seconds
                            + ", "
                            + targetTimeout
                            + " and "
                            + warmup);
        }
        if (tokenMs < 0 || learnerTokenMs < 0 || targetLearnerTokenMs < 0) {
            throw new IllegalArgumentException(
                    "--token-ms, --learner-token-ms and --target-learner-token-ms must be >= 0,"
                            + " got "
                            + tokenMs
                            + ", "
                            + learnerTokenMs
                            + " and "
                            + targetLearnerTokenMs);
        }
        LearningCurve c = defaults.curve();
        return new FleetBench.Options(
                n,
                Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds),
                Math.round(tokenMs * 1e6),
                Math.round(learnerTokenMs * 1e6),
                Math.round(targetLearnerTokenMs * 1e6),
                new LearningCurve(c.start(), c.end(), curveScale, stalenessDiscount),
                targetFleet,
                target,
                Duration.ofSeconds(targetTimeout),
                defaults.heldOut(),
                streamingBound);
    }
}
