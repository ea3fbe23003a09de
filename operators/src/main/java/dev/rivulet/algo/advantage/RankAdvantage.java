package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Rank-GRPO (Zhu et al., "Rank-GRPO: Training LLM-based Conversational Recommender Systems with
 * Reinforcement Learning"): for list answers every rank k is its own action. Each sample gets a
 * reward per rank, each rank is normalised across the group, A_{i,k} = (r_{i,k} − mean_k) / (std_k
 * + 1e-4), and each token gets the advantage of the rank its item sits at.
 *
 * <p>The per-rank reward is the hit itself ({@code reward=hit}, the authors' default {@code
 * exp_inf}) or DCG@k:N = Σ_{j≥k} hit_j·d_j with d_1 = 1, d_j = 1/log2(j + 1) ({@code reward=dcg},
 * their {@code log_decay}). Tokens of items past the reference's length get {@code
 * overflow-penalty}; the stop token gets {@code end-bonus} when the list has exactly N items and
 * {@code early-stop-penalty} when it has fewer (the authors' length shaping). The scalar advantage
 * is the mean of A_{i,k} over the N ranks. Where a sample carries no {@link RankedTokens} (a task
 * whose reward does not score ranks, or tokens that could not be aligned with the text), the group
 * gets plain GRPO.
 */
public final class RankAdvantage implements AdvantageEstimator {

    /** What each rank earns. */
    public enum RankReward {
        /** r_{i,k} = hit_{i,k}: each rank for itself (the authors' exp_inf, their default). */
        HIT,
        /** r_{i,k} = Σ_{j≥k} hit_{i,j}·d_j, DCG@k:N (the authors' log_decay). */
        DCG
    }

    /** The authors' std guard: (r − mean) / (std + 1e-4). */
    static final double EPS = 1e-4;

    static final OptionSpec REWARD =
            OptionSpec.ofEnum(
                    "reward",
                    RankReward.HIT,
                    "Per-rank reward: hit (1 when the item at rank k is right, the authors' default"
                            + " exp_inf) or dcg (DCG@k:N, the rank's discounted hit plus those after"
                            + " it, their log_decay).");

    static final OptionSpec OVERFLOW_PENALTY =
            OptionSpec.ofDouble(
                    "overflow-penalty",
                    -0.1,
                    "Advantage of every token of an item past the reference's length (the authors'"
                            + " extra_token_penalty, -0.1); 0 disables.");

    static final OptionSpec END_BONUS =
            OptionSpec.ofDouble(
                    "end-bonus",
                    0.1,
                    "Advantage of the stop token when the list has exactly as many items as the"
                            + " reference (the authors' end_of_list_reward, 0.1); 0 disables.");

    static final OptionSpec EARLY_STOP_PENALTY =
            OptionSpec.ofDouble(
                    "early-stop-penalty",
                    -0.1,
                    "Advantage of the stop token when the list has fewer items than the reference"
                            + " (the authors' early_stop_penalty, -0.1); 0 disables.");

    private final double clip;
    private final RankReward reward;
    private final double overflowPenalty;
    private final double endBonus;
    private final double earlyStopPenalty;

    public RankAdvantage(
            double clip,
            RankReward reward,
            double overflowPenalty,
            double endBonus,
            double earlyStopPenalty) {
        this.clip = clip;
        this.reward = reward;
        this.overflowPenalty = overflowPenalty;
        this.endBonus = endBonus;
        this.earlyStopPenalty = earlyStopPenalty;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        int g = input.size();
        if (!ranked(input)) {
            return new GrpoAdvantage(clip).estimate(input, rng);
        }
        int n = input.feature(0).ranks().ranks();
        double[][] rankRewards = new double[g][];
        for (int i = 0; i < g; i++) {
            rankRewards[i] = rankRewards(input.feature(i).ranks());
        }
        double[][] a = normalise(rankRewards, n);
        double[] scalar = new double[g];
        double[][] perToken = new double[g][];
        boolean allEqual = true;
        for (int i = 0; i < g; i++) {
            RankedTokens ranks = input.feature(i).ranks();
            for (int k = 0; k < n; k++) {
                scalar[i] += n == 0 ? 0.0 : a[i][k] / n;
                allEqual &= rankRewards[i][k] == rankRewards[0][k];
            }
            perToken[i] = new double[ranks.tokenRank().length];
            for (int t = 0; t < perToken[i].length; t++) {
                int k = ranks.rankOf(t);
                if (k == RankedTokens.END) {
                    perToken[i][t] =
                            ranks.items() == n
                                    ? endBonus
                                    : ranks.items() < n ? earlyStopPenalty : 0.0;
                } else {
                    perToken[i][t] = k < n ? a[i][k] : overflowPenalty;
                }
            }
        }
        AdvantageResult r = TokenCredit.finish(input.rewards(), scalar, perToken, clip);
        return new AdvantageResult(
                r.advantages(),
                allEqual,
                r.nonZero(),
                r.dropped(),
                r.clipped(),
                r.meanReward(),
                r.tokenAdvantages());
    }

    /** Whether every sample carries ranks, all with the same number of ranks. */
    private static boolean ranked(AdvantageInput input) {
        if (!input.hasFeatures() || input.size() == 0) {
            return false;
        }
        for (int i = 0; i < input.size(); i++) {
            SampleFeatures f = input.feature(i);
            if (!f.hasRanks() || f.ranks().ranks() != input.feature(0).ranks().ranks()) {
                return false;
            }
        }
        return true;
    }

    /** The sample's reward at each rank. */
    private double[] rankRewards(RankedTokens ranks) {
        int n = ranks.ranks();
        double[] r = new double[n];
        if (reward == RankReward.HIT) {
            for (int k = 0; k < n; k++) {
                r[k] = ranks.hit(k);
            }
            return r;
        }
        double tail = 0;
        for (int k = n - 1; k >= 0; k--) {
            tail += ranks.hit(k) * discount(k);
            r[k] = tail;
        }
        return r;
    }

    /** d at 0-based rank k: 1 at the top, 1/log2(k + 2) after (the authors' _discounts). */
    static double discount(int k) {
        return k == 0 ? 1.0 : 1.0 / (Math.log(k + 2.0) / Math.log(2.0));
    }

    /**
     * Each rank normalised across the group with the unbiased std; a group of one keeps its rewards
     * (as grpo's A = r).
     */
    private static double[][] normalise(double[][] r, int n) {
        int g = r.length;
        double[][] a = new double[g][n];
        for (int k = 0; k < n; k++) {
            double[] column = new double[g];
            for (int i = 0; i < g; i++) {
                column[i] = r[i][k];
            }
            if (g == 1) {
                a[0][k] = column[0];
                continue;
            }
            double mean = GroupMath.mean(column);
            double std = GroupMath.unbiasedStd(column, mean);
            for (int i = 0; i < g; i++) {
                a[i][k] = (column[i] - mean) / (std + EPS);
            }
        }
        return a;
    }

    /** Registers {@code rank}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "rank";
        }

        @Override
        public String description() {
            return "Rank-GRPO: per-rank rewards of list answers (sort), each rank normalised"
                    + " across the group, each token the advantage of its item's rank; GRPO"
                    + " on other tasks.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, REWARD, OVERFLOW_PENALTY, END_BONUS, EARLY_STOP_PENALTY);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new RankAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    REWARD.enumValue(options, RankReward.class),
                    OVERFLOW_PENALTY.doubleValue(options),
                    END_BONUS.doubleValue(options),
                    EARLY_STOP_PENALTY.doubleValue(options));
        }
    }
}
