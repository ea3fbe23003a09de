package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.Optional;

/**
 * XRPO's in-context seeding: a prompt whose last {@code k} rollouts all failed (a zero-reward
 * prompt) is served with a solved exemplar placed before it ({@link Hint#IN_CONTEXT}) until a visit
 * succeeds. The exemplar is the newest solved instance of another prompt of the same task at the
 * nearest difficulty, from the shard's bounded {@link ExemplarStore} of the loop's own correct
 * responses; when the task has none yet, the prompt's worked solution (or its answer) is the hint.
 *
 * <p>Rules after a visit of n rollouts with s successes, from state (L, f), L ∈ {0, 1}:
 *
 * <ul>
 *   <li>s = 0: f ← f + n; if L = 0 and f ≥ k then L ← 1, f ← 0;
 *   <li>s &gt; 0: L ← 0, f ← 0 (the prompt has a reward: no longer seeded).
 * </ul>
 *
 * <p>The hint's level tells which seed was used: 1 an exemplar, 2 the worked-solution fallback.
 */
public final class XrpoSeedHints implements HintPolicy {

    /** Hint level of a visit seeded with a solved exemplar. */
    public static final int EXEMPLAR_LEVEL = 1;

    /** Hint level of a visit seeded with the prompt's own worked solution or answer. */
    public static final int SOLUTION_LEVEL = 2;

    static final String PLAIN = "plain";
    static final String LABELLED = "labelled";
    static final String SOLUTION = "solution";
    static final String NONE = "none";

    static final OptionSpec K =
            OptionSpec.ofInt(
                            "k",
                            8,
                            "A prompt whose last k rollouts all failed is a zero-reward prompt and is"
                                    + " seeded; 8 = one all-wrong group of our default size.")
                    .atLeast(1);
    static final OptionSpec CAPACITY =
            OptionSpec.ofInt(
                            "capacity",
                            4,
                            "Solved instances kept per task and difficulty (per shard), newest"
                                    + " replacing oldest.")
                    .atLeast(1);
    static final OptionSpec FORMAT =
            OptionSpec.ofEnum(
                    "format",
                    PLAIN,
                    List.of(PLAIN, LABELLED),
                    "How the exemplar is written before the prompt: plain (its prompt followed by"
                            + " its response, a few-shot line for raw prompts) or labelled"
                            + " ('Example problem: ...' and 'Example solution: ...' lines).");
    static final OptionSpec FALLBACK =
            OptionSpec.ofEnum(
                    "fallback",
                    SOLUTION,
                    List.of(SOLUTION, NONE),
                    "With no solved instance of the task yet: solution (the prompt's worked"
                            + " solution, or 'the answer is ...', in context) or none (serve"
                            + " plain).");

    private final int k;
    private final int capacity;
    private final boolean labelled;
    private final boolean fallback;

    /**
     * @param k failed rollouts in a row that make a prompt zero-reward
     * @param capacity solved instances kept per task and difficulty
     * @param format {@code plain} or {@code labelled}
     * @param fallback {@code solution} or {@code none}
     */
    public XrpoSeedHints(int k, int capacity, String format, String fallback) {
        if (k < 1) {
            throw new IllegalArgumentException("xrpo-seed k must be >= 1, got " + k);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("xrpo-seed capacity must be >= 1, got " + capacity);
        }
        if (!PLAIN.equals(format) && !LABELLED.equals(format)) {
            throw new IllegalArgumentException(
                    "xrpo-seed format must be plain or labelled, got '" + format + "'");
        }
        if (!SOLUTION.equals(fallback) && !NONE.equals(fallback)) {
            throw new IllegalArgumentException(
                    "xrpo-seed fallback must be solution or none, got '" + fallback + "'");
        }
        this.k = k;
        this.capacity = capacity;
        this.labelled = LABELLED.equals(format);
        this.fallback = SOLUTION.equals(fallback);
    }

    @Override
    public Hint hint(Prompt prompt, HintState state) {
        return hint(prompt, state, ExemplarStore.EMPTY);
    }

    @Override
    public Hint hint(Prompt prompt, HintState state, ExemplarStore exemplars) {
        if (state.level() == 0) {
            return Hint.NONE;
        }
        Optional<Exemplar> e = exemplars.nearest(prompt);
        if (e.isPresent()) {
            String text = text(e.get());
            if (!text.isBlank()) {
                return Hint.inContext(text, EXEMPLAR_LEVEL);
            }
        }
        if (!fallback || HintTiers.tiers(prompt) == 0) {
            return Hint.NONE;
        }
        Hint top = HintTiers.hint(prompt, HintTiers.tiers(prompt), Hint.IN_CONTEXT);
        return Hint.inContext(top.text(), SOLUTION_LEVEL);
    }

    /** The exemplar as it is placed before the prompt. */
    String text(Exemplar e) {
        if (labelled) {
            return "Example problem: " + e.prompt() + "\nExample solution: " + e.response();
        }
        return e.prompt() + e.response();
    }

    @Override
    public HintState update(HintState state, int samples, int successes) {
        HintPolicy.checkVisit(samples, successes);
        if (samples == 0) {
            return state;
        }
        if (successes > 0) {
            return HintState.PLAIN;
        }
        long failures = (long) state.failures() + samples;
        if (state.level() == 0 && failures >= k) {
            return new HintState(1, 0);
        }
        return new HintState(state.level(), (int) Math.min(failures, Integer.MAX_VALUE));
    }

    @Override
    public boolean keepsExemplars() {
        return true;
    }

    @Override
    public ExemplarStore remember(ExemplarStore store, Prompt prompt, String solved) {
        if (solved == null || solved.isBlank()) {
            return store;
        }
        return store.with(
                new Exemplar(
                        prompt.id(), prompt.task(), prompt.difficulty(), prompt.text(), solved),
                capacity);
    }

    /** Registers {@code xrpo-seed}. */
    public static final class Factory implements HintPolicyFactory {
        @Override
        public String id() {
            return "xrpo-seed";
        }

        @Override
        public String description() {
            return "XRPO's in-context seeding: after k failed rollouts in a row a prompt is served"
                    + " with a solved exemplar of its task (nearest difficulty, from the loop's own"
                    + " correct responses) before it, until a visit succeeds.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(K, CAPACITY, FORMAT, FALLBACK);
        }

        @Override
        public HintPolicy create(StrategyOptions options) {
            return new XrpoSeedHints(
                    K.intValue(options),
                    CAPACITY.intValue(options),
                    FORMAT.stringValue(options),
                    FALLBACK.stringValue(options));
        }
    }
}
