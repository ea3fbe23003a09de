package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Train Long, Think Short: reward = λc·(task reward) + λℓ·R_len(ℓ; B(v)) + λf·(format), where the
 * token budget B(v) = max(1, B0·γ^min(⌊v/T⌋, n)) tightens with the sample's policy version v and
 * R_len is the paper's triangular length reward peaking at the budget.
 */
public final class LengthCurriculumShaper implements RewardShaper {

    /** Extra part: the budget B(v) in tokens the sample was scored against (a diagnostic). */
    public static final String BUDGET_PART = "length-budget";

    /** Extra part: λℓ·R_len, the length term's share of the shaped reward. */
    public static final String LENGTH_PART = "length-reward";

    /** Extra part: λf·(format), the format term's share of the shaped reward. */
    public static final String FORMAT_PART = "format-reward";

    static final OptionSpec INITIAL_BUDGET =
            OptionSpec.ofDouble(
                            "initial-budget",
                            16,
                            "B0, the token budget at policy version 0; the paper's 256 is its"
                                    + " generation cap, 16 is rivulet.loop.max-new-tokens' default.")
                    .above(0);
    static final OptionSpec DECAY =
            OptionSpec.ofDouble(
                            "decay",
                            0.7,
                            "gamma, the factor the budget is multiplied by at each decay (the"
                                    + " paper's 0.7: 256 -> 179 -> 125 -> 87).")
                    .above(0)
                    .atMost(1);
    static final OptionSpec INTERVAL =
            OptionSpec.ofLong(
                            "interval",
                            150,
                            "T, policy versions between decays (the paper decays every 150 of"
                                    + " 600 steps).")
                    .atLeast(1);
    static final OptionSpec DECAYS =
            OptionSpec.ofInt(
                            "decays",
                            3,
                            "n, the number of decays after which the budget stays put (the"
                                    + " paper's n = 3 reaches its final 87 tokens).")
                    .atLeast(0);
    static final OptionSpec CORRECTNESS_WEIGHT =
            OptionSpec.ofDouble(
                            "correctness-weight",
                            0.6,
                            "lambda_c on the task reward (the paper's correctness-heavy 0.6).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec LENGTH_WEIGHT =
            OptionSpec.ofDouble(
                            "length-weight",
                            0.3,
                            "lambda_l on the length reward (the paper's correctness-heavy 0.3).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec FORMAT_WEIGHT =
            OptionSpec.ofDouble(
                            "format-weight",
                            0.1,
                            "lambda_f on the task's format part (ours: 1 - 0.6 - 0.3, so the"
                                    + " shaped reward stays in [0, 1]).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec SHAPE =
            OptionSpec.ofEnum(
                    "shape",
                    "triangular",
                    List.of("triangular", "band"),
                    "triangular: l/B up to the budget, then down to 0 at 2B (the paper's"
                            + " default); band: 1 up to the budget, then down to 0 at 2B (its"
                            + " ablation).");

    private final double initialBudget;
    private final double decay;
    private final long interval;
    private final int decays;
    private final double wCorrect;
    private final double wLength;
    private final double wFormat;
    private final boolean triangular;

    /**
     * @param initialBudget B0 in tokens, positive
     * @param decay γ in (0, 1]
     * @param interval T, policy versions between decays, at least 1
     * @param decays n, decays after which the budget stays put, at least 0
     * @param wCorrect λc
     * @param wLength λℓ
     * @param wFormat λf; the three weights are non-negative and sum to at most 1
     * @param triangular the triangular length reward (true) or the band (false)
     */
    public LengthCurriculumShaper(
            double initialBudget,
            double decay,
            long interval,
            int decays,
            double wCorrect,
            double wLength,
            double wFormat,
            boolean triangular) {
        if (!(initialBudget > 0) || Double.isInfinite(initialBudget)) {
            throw new IllegalArgumentException(
                    "initial-budget must be positive and finite, got " + initialBudget);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        }
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be at least 1, got " + interval);
        }
        if (decays < 0) {
            throw new IllegalArgumentException("decays must be at least 0, got " + decays);
        }
        if (!(wCorrect >= 0 && wLength >= 0 && wFormat >= 0)) {
            throw new IllegalArgumentException(
                    "weights must be non-negative, got correctness-weight "
                            + wCorrect
                            + ", length-weight "
                            + wLength
                            + ", format-weight "
                            + wFormat);
        }
        if (wCorrect + wLength + wFormat > 1 + 1e-9) {
            throw new IllegalArgumentException(
                    "correctness-weight + length-weight + format-weight must be at most 1 so the"
                            + " shaped reward stays in [0, 1], got "
                            + (wCorrect + wLength + wFormat));
        }
        this.initialBudget = initialBudget;
        this.decay = decay;
        this.interval = interval;
        this.decays = decays;
        this.wCorrect = wCorrect;
        this.wLength = wLength;
        this.wFormat = wFormat;
        this.triangular = triangular;
    }

    /** B(v) = max(1, B0·γ^min(⌊v/T⌋, n)), the budget at policy version {@code version}. */
    double budget(long version) {
        long k = Math.min(version / interval, decays);
        return Math.max(1.0, initialBudget * Math.pow(decay, k));
    }

    /** R_len(ℓ) against budget {@code b}: the ramp (or band) up to b, linear down to 0 at 2b. */
    double lengthReward(int length, double b) {
        if (length <= b) {
            return triangular ? length / b : 1.0;
        }
        if (length <= 2 * b) {
            return 1.0 - (length - b) / b;
        }
        return 0.0;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        double[] r = new double[group.size()];
        List<Map<String, Double>> parts = new ArrayList<>(group.size());
        for (int i = 0; i < r.length; i++) {
            ShapingSample s = group.sample(i);
            double b = budget(s.features().policyVersion());
            double length = wLength * lengthReward(s.length(), b);
            double format = wFormat * TaskFormatCheck.format(s);
            r[i] = wCorrect * s.taskReward() + length + format;
            Map<String, Double> p = new LinkedHashMap<>();
            p.put(BUDGET_PART, b);
            p.put(LENGTH_PART, length);
            p.put(FORMAT_PART, format);
            parts.add(p);
        }
        return new ShapedRewards(r, parts);
    }

    /** Registers {@code length-curriculum}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "length-curriculum";
        }

        @Override
        public String description() {
            return "Train Long, Think Short: 0.6*task + 0.3*triangular length reward against a"
                    + " token budget that decays by 0.7 every 150 policy versions (3 times) +"
                    + " 0.1*format.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    INITIAL_BUDGET,
                    DECAY,
                    INTERVAL,
                    DECAYS,
                    CORRECTNESS_WEIGHT,
                    LENGTH_WEIGHT,
                    FORMAT_WEIGHT,
                    SHAPE);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new LengthCurriculumShaper(
                    INITIAL_BUDGET.doubleValue(options),
                    DECAY.doubleValue(options),
                    INTERVAL.longValue(options),
                    DECAYS.intValue(options),
                    CORRECTNESS_WEIGHT.doubleValue(options),
                    LENGTH_WEIGHT.doubleValue(options),
                    FORMAT_WEIGHT.doubleValue(options),
                    SHAPE.stringValue(options).equals("triangular"));
        }
    }
}
