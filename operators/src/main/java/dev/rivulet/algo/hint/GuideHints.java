package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.List;

/**
 * Guide (Adaptive Guidance): a plain visit whose rollouts all failed is generated again at once,
 * with {@link HintTiers}' tier {@code level} of the prompt as a hint, and the hinted group replaces
 * the failed one ({@link #regenerates()}). With an in-context hint the hinted rollouts train on the
 * plain prompt with the hinted behaviour log-probs, so the learner's ratio is π_θ(y | x) / π_b(y |
 * x, h): the paper's importance ratio for its off-policy trajectories. With an answer prefix the
 * written tail trains after plain prompt + prefix (the server's {@code promptTokens}), on-policy.
 * The next visit is plain again.
 *
 * <p>Rules after a visit of n rollouts with s successes, from state (L, f):
 *
 * <ul>
 *   <li>a plain visit (L = 0) with n ≥ 1 and s = 0: L ← {@code level} (the loop regenerates the
 *       group under that tier; a prompt without tiers stays plain);
 *   <li>any other visit, and every hinted visit (L &gt; 0): back to (0, 0).
 * </ul>
 */
public final class GuideHints implements HintPolicy {

    static final OptionSpec LEVEL =
            OptionSpec.ofInt(
                            "level",
                            1,
                            "Hint tier of the regeneration: 1 = the least revealing (the answer's"
                                    + " first digit or the solution's first sentence); the paper's"
                                    + " hints guide without giving the solution away.")
                    .atLeast(1);
    static final OptionSpec KIND =
            OptionSpec.ofEnum(
                    "kind",
                    Hint.ANSWER_PREFIX,
                    List.of(Hint.ANSWER_PREFIX, Hint.IN_CONTEXT),
                    "Where the hint goes: answer-prefix (after the assistant turn starts; measured"
                            + " by scaffold to work on the demo's raw prompts) or in-context (before"
                            + " the prompt in the user turn, the paper's in-context guidance).");

    private final int level;
    private final String kind;

    /**
     * @param level the hint tier of a regeneration, {@code >= 1}
     * @param kind {@link Hint#IN_CONTEXT} or {@link Hint#ANSWER_PREFIX}
     */
    public GuideHints(int level, String kind) {
        if (level < 1) {
            throw new IllegalArgumentException("guide level must be >= 1, got " + level);
        }
        HintPolicy.checkKind("guide", kind);
        this.level = level;
        this.kind = kind;
    }

    @Override
    public Hint hint(Prompt prompt, HintState state) {
        return state.level() == 0 ? Hint.NONE : HintTiers.hint(prompt, state.level(), kind);
    }

    @Override
    public HintState update(HintState state, int samples, int successes) {
        HintPolicy.checkVisit(samples, successes);
        boolean plainAndAllWrong = state.level() == 0 && samples > 0 && successes == 0;
        return plainAndAllWrong ? new HintState(level, 0) : HintState.PLAIN;
    }

    @Override
    public boolean regenerates() {
        return true;
    }

    /** Registers {@code guide}. */
    public static final class Factory implements HintPolicyFactory {
        @Override
        public String id() {
            return "guide";
        }

        @Override
        public String description() {
            return "Guide (Adaptive Guidance): a plain group whose rollouts all failed is generated"
                    + " again with a hint (tier level) and replaces the failed one; an in-context"
                    + " hint trains on the plain prompt with the ratio pi(plain)/pi_b(hinted), an"
                    + " answer prefix trains the written tail after the prefix.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(LEVEL, KIND);
        }

        @Override
        public HintPolicy create(StrategyOptions options) {
            return new GuideHints(LEVEL.intValue(options), KIND.stringValue(options));
        }
    }
}
