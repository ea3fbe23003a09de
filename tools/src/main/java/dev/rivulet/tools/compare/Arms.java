package dev.rivulet.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
                        // the Knapsack recipe clips GRPO advantages to ±5: with 128 rollouts
                        // and one success, A would be about 11; spare-max=8 keeps the budget
                        // the programme does not need from piling onto p = 0 prompts
                        // (docs/benchmarks.md, "Allocators in simulation")
                        Map.of(
                                "rivulet.loop.allocator", "knapsack",
                                "rivulet.loop.tracker", "reward-history",
                                "rivulet.loop.strategy-options",
                                        "advantage.clip=5;allocator.spare-max=8")),
                new Arm(
                        "thompson-grpo",
                        // beta-decay's two-scale defaults (lambda 0.001 per step, visit-lambda
                        // 0.5); before 2026-12-05 it forgot 10% per step
                        Map.of(
                                "rivulet.loop.selector", "thompson",
                                "rivulet.loop.tracker", "beta-decay")),
                new Arm("spo", SPO),
                new Arm(
                        "ngrpo",
                        // NGRPO's asymmetric clipping: stricter for negative samples (ratios
                        // below 0.84 clipped), looser for positive ones (above 1.24); the
                        // authors' train_qwen2.5-math-7b_ngrpo.sh sets clip_ratio_low=0.16,
                        // clip_ratio_high=0.24
                        Map.of(
                                "rivulet.loop.advantage", "ngrpo",
                                "rivulet.server.loss", "ppo-clip",
                                "rivulet.server.loss-options", "eps-low=0.16;eps-high=0.24")),
                new Arm(
                        "opmd",
                        Map.of(
                                "rivulet.loop.advantage", "drgrpo",
                                // off-policy: each rollout trained up to twice (the ledger
                                // holds each use under its own id) and up to 8 versions stale
                                "rivulet.learner.max-reuse", "2",
                                "rivulet.learner.max-staleness", "8",
                                "rivulet.server.loss", "opmd")),
                // issue 14: the seed methods that change the loss or token-level credit, each on
                // top of the uniform GRPO baseline (docs/algorithms/<id>.md)
                new Arm(
                        "disco",
                        Map.of(
                                "rivulet.loop.advantage", "disco",
                                "rivulet.server.loss", "disco",
                                "rivulet.learner.keep-groups", "true")),
                new Arm(
                        "llds",
                        // the authors' NO_REDUCE_LAMBDA 0.2 (the shared regulariser-coef default
                        // is verl's entropy coefficient 0.001)
                        Map.of(
                                "rivulet.server.loss-options",
                                "regulariser=llds;regulariser-coef=0.2")),
                new Arm("gtpo", Map.of("rivulet.loop.advantage", "gtpo")),
                new Arm("tempo", Map.of("rivulet.loop.advantage", "tempo")),
                new Arm("d3s", Map.of("rivulet.loop.advantage", "d3s")),
                new Arm("tw-grpo", Map.of("rivulet.loop.advantage", "tw-grpo")),
                new Arm("sspo", Map.of("rivulet.server.loss", "sspo")),
                new Arm(
                        "aepo",
                        Map.of(
                                "rivulet.server.loss-options",
                                "regulariser=aepo;regulariser-coef=0.02;"
                                        + "regulariser-options=target-entropy:0.5")),
                new Arm(
                        "kl-schedule",
                        // OThink-MR1's GRPO-D: the KL weight grows from 0 to 0.04 over 20 steps
                        Map.of(
                                "rivulet.server.loss-options",
                                "regulariser=kl-schedule;regulariser-coef=0.04;"
                                        + "regulariser-options=steps:20")),
                new Arm(
                        "reg-grpo",
                        // eps 0.1: the spread floor of the predicted advantage; at 1e-4 a batch
                        // trained right after sampling regresses float32 noise (docs page)
                        Map.of(
                                "rivulet.server.loss", "reg-grpo",
                                "rivulet.server.loss-options", "eps=0.1",
                                "rivulet.learner.keep-groups", "true")),
                new Arm(
                        "grao",
                        // GRAO is on-policy in its paper (no ratio, no clip): stale rows made
                        // the 1-minute demo collapse, so rollouts more than one version old
                        // are dropped
                        Map.of(
                                "rivulet.server.loss", "grao",
                                "rivulet.learner.keep-groups", "true",
                                "rivulet.learner.max-staleness", "1")),
                // issue 15: the seed methods that act in the loop
                new Arm("stratified", Map.of("rivulet.loop.advantage", "stratified")),
                new Arm("unlikely", Map.of("rivulet.loop.advantage", "unlikely")),
                new Arm("riskpo", Map.of("rivulet.loop.advantage", "riskpo")),
                new Arm(
                        "ssr",
                        // selective sample replay needs reuse to replay anything
                        Map.of(
                                "rivulet.learner.replay", "ssr",
                                "rivulet.learner.max-reuse", "2")),
                new Arm(
                        "vas",
                        Map.of(
                                "rivulet.loop.selector", "vas",
                                "rivulet.loop.tracker", "beta-decay")),
                new Arm(
                        "xrpo",
                        Map.of(
                                "rivulet.loop.allocator", "xrpo",
                                "rivulet.loop.tracker", "beta-decay",
                                "rivulet.loop.strategy-options", "advantage.clip=5")),
                new Arm("length-penalty", Map.of("rivulet.loop.reward-shaping", "length-penalty")),
                new Arm(
                        "partial-credit",
                        // partial credit is a fractional reward: the tracker keeps it as it is
                        Map.of(
                                "rivulet.loop.reward-shaping", "partial-credit",
                                "rivulet.loop.strategy-options", "tracker.rewards=fractional")),
                new Arm(
                        "length-curriculum",
                        // band: the triangular ramp rewards length up to the budget, which on
                        // bare-number answers means extra digits (docs page, smoke)
                        Map.of(
                                "rivulet.loop.reward-shaping", "length-curriculum",
                                "rivulet.loop.strategy-options", "shaping.shape=band")),
                // label-free. length-of=reasoning (ours): the length term counts only the text
                // before the final answer, as the paper's worked solutions do; on bare-number
                // answers (arith) that leaves the paper's format-only reward and almost no
                // signal, where the paper's full-response length pulled answers to 8 digits
                // (docs/algorithms/shaping-format-length.md). kl-beta=0.5 as majority-vote's: the
                // rare format-only batches otherwise get full-size AdamW steps from a few rows
                new Arm(
                        "format-length",
                        Map.of(
                                "rivulet.loop.reward-shaping", "format-length",
                                "rivulet.loop.strategy-options", "shaping.length-of=reasoning",
                                "rivulet.server.optimizer-options", "kl-beta=0.5")),
                new Arm("ada-format", Map.of("rivulet.loop.reward-shaping", "ada-format")),
                new Arm("struct-reward", Map.of("rivulet.loop.reward-shaping", "struct-reward")),
                // label-free (novelty over text n-grams instead of embeddings). vote=mass: the
                // anchor is the answer with the most probability mass, the limit of EVOL-RL's
                // wider vote (64 votes for 32 trained samples); kl-beta=0.5 anchors the policy to
                // the base (EVOL-RL: a KL loss of 0.001). Without both the arm collapsed on arith
                // (docs/algorithms/shaping-majority-vote.md)
                new Arm(
                        "majority-vote",
                        Map.of(
                                "rivulet.loop.reward-shaping", "majority-vote",
                                "rivulet.loop.strategy-options", "shaping.vote=mass",
                                "rivulet.server.optimizer-options", "kl-beta=0.5")),
                new Arm("posterior", Map.of("rivulet.loop.reward-shaping", "posterior")),
                // on the default mix (arith) rank falls back to GRPO: it acts on sort's lists
                new Arm("rank", Map.of("rivulet.loop.advantage", "rank")),
                new Arm("xrpo-novelty", Map.of("rivulet.loop.advantage", "xrpo-novelty")),
                new Arm(
                        "xrpo-full",
                        // XRPO's two halves together: its allocator and its advantage
                        Map.of(
                                "rivulet.loop.allocator", "xrpo",
                                "rivulet.loop.tracker", "beta-decay",
                                "rivulet.loop.advantage", "xrpo-novelty",
                                "rivulet.loop.strategy-options", "advantage.clip=5")),
                new Arm(
                        "stacked",
                        // issue 15's stacked configuration: selector vas, tracker beta-decay,
                        // allocator xrpo, advantage gtpo, shaping length-penalty (chosen from two
                        // one-seed screens, docs/benchmarks.md)
                        Map.of(
                                "rivulet.loop.selector", "vas",
                                "rivulet.loop.tracker", "beta-decay",
                                "rivulet.loop.allocator", "xrpo",
                                "rivulet.loop.advantage", "gtpo",
                                "rivulet.loop.reward-shaping", "length-penalty")),
                // issue 16: guided rollouts for prompts the policy cannot solve yet
                new Arm("scaffold", Map.of("rivulet.loop.hints", "scaffold")),
                new Arm("guide", Map.of("rivulet.loop.hints", "guide")),
                new Arm("expo", Map.of("rivulet.loop.hints", "expo")),
                new Arm("xrpo-seed", Map.of("rivulet.loop.hints", "xrpo-seed")),
                new Arm(
                        "segment-po",
                        // SPO-chain; the demo's answers are a few tokens long, so every
                        // uncertain token is a cut (interval 1), at most 2 per response
                        Map.of(
                                "rivulet.loop.advantage", "segment-po",
                                "rivulet.loop.strategy-options",
                                        "advantage.interval=1;advantage.max-cuts=2")),
                // scaffold's hints on SPO's loop: a prompt's failures add up over its N = 8 prior
                // samples and its one-sample visits, so stagnation (p̂ = 0 after k rollouts) is
                // diagnosed the same way; a prompt whose prior all failed starts hinted
                new Arm("spo-scaffold", with(SPO, "rivulet.loop.hints", "scaffold")));
    }

    /** SPO's loop: one sample per visit, its prioritised selector, tracker and advantage. */
    private static final Map<String, String> SPO =
            Map.of(
                    "rivulet.loop.selector", "spo-priority",
                    "rivulet.loop.tracker", "beta-kl",
                    "rivulet.loop.advantage", "spo",
                    "rivulet.loop.rollouts-per-prompt", "1",
                    "rivulet.loop.prompts-per-call", "128",
                    "rivulet.loop.kl-adaptive", "true",
                    "rivulet.learner.normalize-advantages", "true");

    /** {@code base} with one more setting. */
    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return Map.copyOf(m);
    }

    /**
     * Every built-in arm, one per line: its name, then its {@code rivulet.*} settings in key order
     * ("(defaults)" for the baseline), as {@code rivulet compare --list-arms} prints them.
     */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        for (Arm arm : all()) {
            out.append(arm.name());
            if (arm.options().isEmpty()) {
                out.append("  (defaults)");
            }
            new TreeMap<>(arm.options())
                    .forEach((k, v) -> out.append("  ").append(k).append('=').append(v));
            out.append('\n');
        }
        return out.toString();
    }

    /** The arms of the guided-rollout methods (issue 16), as far as they exist. */
    public static final List<String> SEED_GUIDED_METHODS =
            List.of("scaffold", "spo-scaffold", "guide", "expo", "xrpo-seed", "segment-po");

    /** The arms of the seed methods that act in the loop (issue 15), as far as they exist. */
    public static final List<String> SEED_LOOP_METHODS =
            List.of(
                    "stratified",
                    "unlikely",
                    "riskpo",
                    "ssr",
                    "vas",
                    "xrpo",
                    "length-penalty",
                    "partial-credit",
                    "length-curriculum",
                    "format-length",
                    "ada-format",
                    "struct-reward",
                    "majority-vote",
                    "posterior",
                    "rank",
                    "xrpo-novelty",
                    "xrpo-full");

    /** The arms of the seed methods that change the loss or token-level credit (issue 14). */
    public static final List<String> SEED_LOSS_METHODS =
            List.of(
                    "disco",
                    "llds",
                    "gtpo",
                    "tempo",
                    "d3s",
                    "tw-grpo",
                    "sspo",
                    "aepo",
                    "kl-schedule",
                    "reg-grpo",
                    "grao");

    /** The baselines and core arms (before the seed methods of issue 14 were added). */
    public static final List<String> CORE =
            List.of(
                    "uniform-grpo",
                    "dapo",
                    "knapsack-grpo",
                    "thompson-grpo",
                    "spo",
                    "ngrpo",
                    "opmd");

    /**
     * A built-in arm by name, or an arm spec {@code NAME:key=value;...} ({@link #parse}).
     *
     * @throws IllegalArgumentException naming the built-in arms when {@code spec} is neither
     */
    public static Arm named(String spec) {
        if (spec.indexOf(':') >= 0) {
            return parse(spec);
        }
        String name = spec.trim();
        return all().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown arm '"
                                                + name
                                                + "'; built-in arms: "
                                                + all().stream().map(Arm::name).toList()
                                                + ", or NAME:rivulet.key=value;..."));
    }

    /**
     * An arm from the command line, {@code NAME:key=value;key=value} with {@code rivulet.*} keys,
     * for example {@code disco:rivulet.loop.advantage=disco}: a new strategy's compare arm needs no
     * code. The value of a {@code rivulet.*-options} key is itself a {@code ;}-separated list: the
     * parts after it that do not start with {@code rivulet.} belong to it, as in {@code
     * k:rivulet.loop.strategy-options=advantage.clip=5;allocator.n-low=4}.
     */
    public static Arm parse(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec.trim() : spec.substring(0, colon).trim();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "arm '" + spec + "' needs a name of letters, digits, '.', '_' or '-' first");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        String last = null;
        for (String pair : rest.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
            if (last != null && last.endsWith("-options") && !key.startsWith("rivulet.")) {
                options.put(last, options.get(last) + ";" + pair.trim());
                continue;
            }
            if (eq < 0 || !key.startsWith("rivulet.")) {
                throw new IllegalArgumentException(
                        "arm '"
                                + name
                                + "': '"
                                + pair.trim()
                                + "' is not a rivulet.* setting as key=value");
            }
            if (options.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("arm '" + name + "' sets " + key + " twice");
            }
            last = key;
        }
        return new Arm(name, options);
    }

    /**
     * The built-in arms named in {@code names} ("all", "none" or a comma-separated list), then
     * {@code extra} arms parsed by {@link #parse}; two arms with one name fail.
     */
    public static List<Arm> select(String names, List<String> extra) {
        List<Arm> out =
                new ArrayList<>(names != null && names.equals("none") ? List.of() : select(names));
        for (String spec : extra) {
            Arm arm = parse(spec);
            if (out.stream().anyMatch(a -> a.name().equals(arm.name()))) {
                throw new IllegalArgumentException("two arms are named '" + arm.name() + "'");
            }
            out.add(arm);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no arm to run: --arms none and no --arm");
        }
        return out;
    }

    /**
     * The arms named in a comma-separated list, all of them for "all", or the baselines and core
     * arms for "core" ({@link #CORE}).
     */
    public static List<Arm> select(String names) {
        if (names == null || names.isBlank() || names.equals("all")) {
            return all();
        }
        if (names.equals("core")) {
            return select(String.join(",", CORE));
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
