package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Unlikeliness reward (He, Fried, Welleck, "Rewarding the Unlikely: Lifting GRPO Beyond
 * Distribution Sharpening"): the group is ranked by the behaviour policy's likelihood of each
 * response, rank 0 the least likely; each reward is scaled by 1 − β·rank/G before GRPO's group
 * normalisation, so a correct response the policy found unlikely keeps its full reward and the
 * likeliest correct one loses up to β. An input without features gets plain GRPO.
 */
public final class UnlikelyAdvantage implements AdvantageEstimator {

    /** What the group is ranked by. */
    public enum RankBy {
        /** The sequence log-prob, the sum of the token log-probs (the paper's likelihood). */
        SEQUENCE,
        /** The mean token log-prob (the authors' released code). */
        TOKEN_MEAN
    }

    static final OptionSpec BETA =
            OptionSpec.ofDouble(
                            "beta",
                            0.25,
                            "β_rank: the likeliest of G responses keeps 1 − β(G − 1)/G of its"
                                    + " reward, the least likely all of it; 0 gives GRPO. 0.25"
                                    + " is the authors' rank_penalty in examples/lean/grpo.sh.")
                    .atLeast(0)
                    .atMost(1);

    static final OptionSpec RANK_BY =
            OptionSpec.ofEnum(
                    "rank-by",
                    RankBy.SEQUENCE,
                    "Likelihood the group is ranked by: sequence (sum of token log-probs, as the"
                            + " paper writes it) or token-mean (mean token log-prob, as the"
                            + " authors' code computes it).");

    private final double clip;
    private final double beta;
    private final RankBy rankBy;

    public UnlikelyAdvantage(double clip, double beta, RankBy rankBy) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
        this.clip = clip;
        this.beta = beta;
        this.rankBy = rankBy;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        if (!input.hasFeatures() || r.length == 0) {
            return new GrpoAdvantage(clip).estimate(input, rng);
        }
        int[] rank = ranks(input);
        double[] shaped = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            shaped[i] = r[i] * (1 - beta * rank[i] / r.length);
        }
        double[] a = TokenCredit.grpo(shaped, rng);
        return GroupMath.finish(r, a, clip, 0);
    }

    /** Ascending rank by likelihood, 0 the least likely; ties keep input order. */
    private int[] ranks(AdvantageInput input) {
        int n = input.size();
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = likelihood(input.feature(i));
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i])); // stable
        int[] rank = new int[n];
        for (int k = 0; k < n; k++) {
            rank[order[k]] = k;
        }
        return rank;
    }

    private double likelihood(SampleFeatures f) {
        double seq = f.sequenceLogprob();
        return switch (rankBy) {
            case SEQUENCE -> seq;
            case TOKEN_MEAN -> f.length() == 0 ? 0.0 : seq / f.length();
        };
    }

    /** Registers {@code unlikely}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "unlikely";
        }

        @Override
        public String description() {
            return "Unlikeliness reward: r·(1 − β·rank/G), rank by the policy's likelihood"
                    + " (0 = least likely), then GRPO's group normalisation.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, BETA, RANK_BY);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new UnlikelyAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    BETA.doubleValue(options),
                    RANK_BY.enumValue(options, RankBy.class));
        }
    }
}
