package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.List;

/**
 * Scaf-GRPO's scaffolding, per prompt and streaming: a prompt whose last {@code k} rollouts all
 * failed (p̂ stayed 0) is diagnosed as stagnating and its hint level rises by one, up to {@code
 * max-level}; it keeps rising while the prompt keeps failing at its level, and falls by one after a
 * visit whose success share reaches {@code down-at}. A visit at level L > 0 is generated with
 * {@link HintTiers}' tier L (leading digits of the answer, or the first sentences of the worked
 * solution), so its guided successes enter the group's advantages like any other rollout.
 *
 * <p>Rules after a visit of n rollouts with s successes, from state (L, f):
 *
 * <ul>
 *   <li>s = 0: f ← f + n; if f ≥ k and L &lt; max-level then L ← L + 1, f ← 0 (one level per visit
 *       at most);
 *   <li>s &gt; 0: f ← 0; if s/n ≥ down-at and L &gt; 0 then L ← L − 1.
 * </ul>
 */
public final class ScaffoldHints implements HintPolicy {

    static final OptionSpec K =
            OptionSpec.ofInt(
                            "k",
                            8,
                            "Stagnation: after this many failed rollouts in a row (p-hat stays 0)"
                                    + " the prompt's hint level rises by one; 8 = one all-wrong"
                                    + " group of the paper's and our default size.")
                    .atLeast(1);
    static final OptionSpec MAX_LEVEL =
            OptionSpec.ofInt(
                            "max-level",
                            3,
                            "Highest hint level (tier); 3 = the paper's three tiers (knowledge,"
                                    + " planning, solution). A prompt with fewer tiers stops at"
                                    + " its last one.")
                    .atLeast(1);
    static final OptionSpec DOWN_AT =
            OptionSpec.ofDouble(
                            "down-at",
                            0.5,
                            "A visit whose share of correct rollouts reaches this lowers the"
                                    + " prompt's hint level by one.")
                    .above(0)
                    .atMost(1);
    static final OptionSpec KIND =
            OptionSpec.ofEnum(
                    "kind",
                    Hint.ANSWER_PREFIX,
                    List.of(Hint.ANSWER_PREFIX, Hint.IN_CONTEXT),
                    "Where the hint goes: answer-prefix (after the assistant turn starts; the"
                            + " reward scores prefix + written text; measured to work on the"
                            + " demo's raw prompts) or in-context (before the prompt in the user"
                            + " turn, the paper's in-prompt hints).");

    private final int k;
    private final int maxLevel;
    private final double downAt;
    private final String kind;

    /**
     * @param k failed rollouts in a row that raise the level
     * @param maxLevel highest level
     * @param downAt success share of a visit that lowers the level
     * @param kind {@link Hint#IN_CONTEXT} or {@link Hint#ANSWER_PREFIX}
     */
    public ScaffoldHints(int k, int maxLevel, double downAt, String kind) {
        if (k < 1) {
            throw new IllegalArgumentException("scaffold k must be >= 1, got " + k);
        }
        if (maxLevel < 1) {
            throw new IllegalArgumentException("scaffold max-level must be >= 1, got " + maxLevel);
        }
        if (!(downAt > 0 && downAt <= 1)) {
            throw new IllegalArgumentException("scaffold down-at must be in (0, 1], got " + downAt);
        }
        HintPolicy.checkKind("scaffold", kind);
        this.k = k;
        this.maxLevel = maxLevel;
        this.downAt = downAt;
        this.kind = kind;
    }

    @Override
    public Hint hint(Prompt prompt, HintState state) {
        return state.level() == 0 ? Hint.NONE : HintTiers.hint(prompt, state.level(), kind);
    }

    @Override
    public HintState update(HintState state, int samples, int successes) {
        HintPolicy.checkVisit(samples, successes);
        if (samples == 0) {
            return state;
        }
        if (successes == 0) {
            long failures = (long) state.failures() + samples;
            if (failures >= k && state.level() < maxLevel) {
                return new HintState(state.level() + 1, 0);
            }
            return new HintState(state.level(), (int) Math.min(failures, Integer.MAX_VALUE));
        }
        boolean down = (double) successes / samples >= downAt && state.level() > 0;
        return new HintState(down ? state.level() - 1 : state.level(), 0);
    }

    /** Registers {@code scaffold}. */
    public static final class Factory implements HintPolicyFactory {
        @Override
        public String id() {
            return "scaffold";
        }

        @Override
        public String description() {
            return "Scaf-GRPO: after k failed rollouts in a row a prompt's hint level rises (tiers:"
                    + " leading answer digits, or first solution sentences); it falls after a"
                    + " visit with success share >= down-at.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(K, MAX_LEVEL, DOWN_AT, KIND);
        }

        @Override
        public HintPolicy create(StrategyOptions options) {
            return new ScaffoldHints(
                    K.intValue(options),
                    MAX_LEVEL.intValue(options),
                    DOWN_AT.doubleValue(options),
                    KIND.stringValue(options));
        }
    }
}
