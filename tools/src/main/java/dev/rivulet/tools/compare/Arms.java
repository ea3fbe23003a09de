package dev.rivulet.tools.compare;

import java.util.List;
import java.util.Map;

/** The arms `rivulet compare` runs, as ALGORITHMS.md defines the baselines. */
public final class Arms {

    private Arms() {}

    /** Uniform selector, 8 rollouts per prompt, GRPO advantages, PPO-clip. */
    public static final Arm UNIFORM_GRPO = new Arm("uniform-grpo", Map.of());

    /** Every arm, baseline first. */
    public static List<Arm> all() {
        return List.of(
                UNIFORM_GRPO,
                new Arm("dapo", Map.of("rivulet.loop.dynamic-sampling", "true")),
                new Arm(
                        "knapsack-grpo",
                        Map.of(
                                "rivulet.loop.allocator", "knapsack",
                                "rivulet.loop.tracker", "reward-history")),
                new Arm(
                        "thompson-grpo",
                        Map.of(
                                "rivulet.loop.selector", "thompson",
                                "rivulet.loop.tracker", "beta-decay")),
                new Arm(
                        "spo",
                        Map.of(
                                "rivulet.loop.selector", "spo-priority",
                                "rivulet.loop.tracker", "beta-kl",
                                "rivulet.loop.advantage", "spo",
                                "rivulet.loop.rollouts-per-prompt", "1",
                                "rivulet.loop.prompts-per-call", "128",
                                "rivulet.loop.kl-adaptive", "true",
                                "rivulet.learner.normalize-advantages", "true")),
                new Arm(
                        "opmd",
                        Map.of(
                                "rivulet.loop.advantage", "drgrpo",
                                // off-policy: each rollout trained up to twice (the ledger
                                // holds each use under its own id) and up to 8 versions stale
                                "rivulet.learner.max-reuse", "2",
                                "rivulet.learner.max-staleness", "8",
                                "rivulet.server.loss", "opmd")));
    }

    /** The arms named in a comma-separated list, or all of them for "all". */
    public static List<Arm> select(String names) {
        if (names == null || names.isBlank() || names.equals("all")) {
            return all();
        }
        List<String> wanted = List.of(names.split(","));
        List<Arm> out = all().stream().filter(a -> wanted.contains(a.name())).toList();
        if (out.size() != wanted.size()) {
            throw new IllegalArgumentException(
                    "unknown arm in '"
                            + names
                            + "'; known: "
                            + all().stream().map(Arm::name).toList());
        }
        return out;
    }
}
