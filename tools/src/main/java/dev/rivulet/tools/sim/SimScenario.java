package dev.rivulet.tools.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic pool's true success probabilities p_i and whether they drift: {@code mixed} (30%
 * unsolvable p = 0, 30% solved p = 1, 40% p ~ U(0.05, 0.95)), {@code uniform-p} (all p ~ U(0, 1)),
 * {@code hard} (80% p = 0, 20% p ~ U(0.05, 0.95)), {@code rare} (30% p = 1, 70% rarely solved, p ~
 * U(0.01, 0.1)), {@code mid} (all p ~ U(0.3, 0.7)), {@code mixed-drift}: mixed where training on a
 * prompt moves its p towards 1 (see {@link SimPool#learn}), and {@code mixed-transfer}: mixed-drift
 * where, in addition, every call moves every prompt's p towards 1 a little, the unsolvable ones
 * included (see {@link SimPool#transfer}), as a policy that improves in general does.
 *
 * @param name the scenario's name on the command line
 * @param zeros the share of prompts with p = 0
 * @param ones the share of prompts with p = 1
 * @param low the lower bound of the uniform p of the other prompts
 * @param high the upper bound of the uniform p of the other prompts
 * @param drift δ, the step towards 1 of one full learning visit (0: p never changes)
 * @param transfer τ, the step towards 1 of every prompt with p < 1 per completed call
 */
public record SimScenario(
        String name,
        double zeros,
        double ones,
        double low,
        double high,
        double drift,
        double transfer) {

    /** The step of {@code mixed-drift} per learning visit. */
    public static final double DEFAULT_DRIFT = 0.1;

    /** The per-call step of {@code mixed-transfer}: p = 0 reaches about 0.27 after 156 calls. */
    public static final double DEFAULT_TRANSFER = 0.002;

    public SimScenario {
        if (!(zeros >= 0 && ones >= 0 && zeros + ones <= 1)) {
            throw new IllegalArgumentException(
                    "scenario '" + name + "' needs shares in [0, 1] summing to at most 1");
        }
        if (!(low >= 0 && low <= high && high <= 1)
                || !(drift >= 0 && drift <= 1)
                || !(transfer >= 0 && transfer <= 1)) {
            throw new IllegalArgumentException(
                    "scenario '"
                            + name
                            + "' needs 0 <= low <= high <= 1 and drift, transfer in [0, 1]");
        }
    }

    /** Every built-in scenario, in the order the bench prints them. */
    public static List<SimScenario> all() {
        return List.of(
                new SimScenario("mixed", 0.3, 0.3, 0.05, 0.95, 0, 0),
                new SimScenario("uniform-p", 0, 0, 0, 1, 0, 0),
                new SimScenario("hard", 0.8, 0, 0.05, 0.95, 0, 0),
                new SimScenario("rare", 0, 0.3, 0.01, 0.1, 0, 0),
                new SimScenario("mid", 0, 0, 0.3, 0.7, 0, 0),
                new SimScenario("mixed-drift", 0.3, 0.3, 0.05, 0.95, DEFAULT_DRIFT, 0),
                new SimScenario(
                        "mixed-transfer", 0.3, 0.3, 0.05, 0.95, DEFAULT_DRIFT, DEFAULT_TRANSFER));
    }

    /** The built-in scenarios named in a comma-separated list, or all of them for "all". */
    public static List<SimScenario> select(String names) {
        if (names == null || names.isBlank() || names.equals("all")) {
            return all();
        }
        List<String> wanted = List.of(names.split(","));
        List<SimScenario> out = all().stream().filter(s -> wanted.contains(s.name())).toList();
        if (out.size() != wanted.size()) {
            throw new IllegalArgumentException(
                    "unknown scenario in '"
                            + names
                            + "'; known: "
                            + all().stream().map(SimScenario::name).toList());
        }
        return out;
    }

    /**
     * The true p of a pool of {@code size} prompts: exactly round(zeros·size) zeros, then
     * round(ones·size) ones, the rest uniform, in a seeded shuffled order.
     */
    public double[] draw(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 prompt, got " + size);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int z = (int) Math.round(zeros * size);
        int o = Math.min(size - z, (int) Math.round(ones * size));
        double[] p = new double[size];
        for (int i = 0; i < size; i++) {
            p[i] = i < z ? 0.0 : i < z + o ? 1.0 : low + (high - low) * rng.nextDouble();
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
