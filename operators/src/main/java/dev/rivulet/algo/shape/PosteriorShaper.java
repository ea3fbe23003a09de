package dev.rivulet.algo.shape;

import dev.rivulet.algo.reward.CountdownSteps;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posterior-GRPO: a reasoning-process reward counted only when the outcome is correct, r = outcome
 * + w·process·1[outcome correct]. The process score is rule-based: on {@code countdown} the share
 * of the expression's operations whose intermediate value is a positive whole number ({@link
 * CountdownSteps}); on every other task, and for a countdown answer with no operation, it is 0, so
 * the task reward is kept.
 */
public final class PosteriorShaper implements RewardShaper {

    /** Part: the process score in [0, 1] (0 where there is none), counted or not. */
    public static final String PROCESS = "process";

    /** The task whose answers show steps that can be checked. */
    static final String COUNTDOWN = "countdown";

    static final OptionSpec WEIGHT =
            OptionSpec.ofDouble(
                            "weight",
                            1.0,
                            "w in r = outcome + w * process * [outcome correct]; 1 as in the"
                                    + " paper's R = R_f + R_o + R_o * R_t.")
                    .atLeast(0);

    /** A task reward at or above it counts as correct (Rivulet's success threshold). */
    static final double CORRECT = 0.5;

    private final double weight;

    /**
     * @param weight w, the weight of the process score on a correct sample
     */
    public PosteriorShaper(double weight) {
        if (!(weight >= 0 && Double.isFinite(weight))) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
        }
        this.weight = weight;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        boolean countdown = COUNTDOWN.equals(group.prompt().task());
        double[] r = new double[group.size()];
        List<Map<String, Double>> parts = new ArrayList<>(group.size());
        for (int i = 0; i < r.length; i++) {
            ShapingSample s = group.sample(i);
            double process = countdown ? process(s.text()) : 0.0;
            boolean correct = s.taskReward() >= CORRECT;
            r[i] = s.taskReward() + (correct ? weight * process : 0.0);
            parts.add(Map.of(PROCESS, process));
        }
        return new ShapedRewards(r, parts);
    }

    /** The countdown process score; 0 for an unreadable answer or one with no operation. */
    static double process(String text) {
        double share = CountdownSteps.cleanShare(text);
        return Double.isNaN(share) ? 0.0 : share;
    }

    /** Registers {@code posterior}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "posterior";
        }

        @Override
        public String description() {
            return "Posterior-GRPO: outcome + w * process score, the process counted only on correct"
                    + " samples (countdown: share of clean intermediate values; other tasks 0).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(WEIGHT);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new PosteriorShaper(WEIGHT.doubleValue(options));
        }
    }
}
