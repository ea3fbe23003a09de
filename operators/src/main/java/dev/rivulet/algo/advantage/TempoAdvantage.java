package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TEMPO (Tran, Yao, Yu, "Exploiting Tree Structure for Credit Assignment in RL Training of LLMs"):
 * A_{i,t} = A_i + c·b_t·(V(s_{≤t}) − V(s_{&lt;t})), A_i being GRPO's group-normalised advantage, V
 * a prefix's mean reward over the group's responses through it ({@link PrefixTree}), b_t = 1 when
 * the prefix before token t branches (its responses continue in more than one way) and 0 otherwise,
 * c the {@code td-coef}. An input without features gets plain GRPO scalars.
 */
public final class TempoAdvantage implements AdvantageEstimator {

    static final OptionSpec TD_COEF =
            OptionSpec.ofDouble(
                            "td-coef",
                            1.0,
                            "c, the weight of the branch-gated TD term V(prefix + token) −"
                                    + " V(prefix); 1 adds it unscaled as the paper's abstract"
                                    + " describes, 0 gives GRPO.")
                    .atLeast(0);

    private final double clip;
    private final double tdCoef;

    public TempoAdvantage(double clip, double tdCoef) {
        this.clip = clip;
        this.tdCoef = tdCoef;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        if (!input.hasFeatures()) {
            return new GrpoAdvantage(clip).estimate(input, rng);
        }
        double[] r = input.rewards();
        double[] a = TokenCredit.grpo(r, rng);
        int[][] tokens = TokenCredit.responses(input);
        PrefixTree tree = PrefixTree.of(tokens, r);
        double[][] perToken = new double[r.length][];
        for (int i = 0; i < r.length; i++) {
            perToken[i] = new double[tokens[i].length];
            PrefixTree.Node before = tree.root();
            for (int t = 0; t < tokens[i].length; t++) {
                PrefixTree.Node after = before.child(tokens[i][t]);
                double td = before.branches() ? after.value() - before.value() : 0.0;
                perToken[i][t] = a[i] + tdCoef * td;
                before = after;
            }
        }
        return TokenCredit.finish(r, a, perToken, clip);
    }

    /** Registers {@code tempo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "tempo";
        }

        @Override
        public String description() {
            return "GRPO plus branch-gated TD per token: V(prefix) is the mean reward of the"
                    + " group's responses through it (prefix tree).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, TD_COEF);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new TempoAdvantage(
                    GroupMath.CLIP.doubleValue(options), TD_COEF.doubleValue(options));
        }
    }
}
