package dev.rivulet.algo.shape;

import dev.rivulet.algo.reward.CountdownReward;
import dev.rivulet.algo.reward.SortReward;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RL-Struct's multi-dimensional reward: r = w_s·structure + w_f·format + w_v·validity +
 * w_c·content, each dimension read from the sample (structure: a complete, non-blank response;
 * format: the task's format part; validity: the task's constraint part; content: the task reward).
 */
public final class StructRewardShaper implements RewardShaper {

    /** Extra part: w_s·structure. */
    public static final String STRUCTURE_PART = "structure-reward";

    /** Extra part: w_f·format. */
    public static final String FORMAT_PART = "format-reward";

    /** Extra part: w_v·validity. */
    public static final String VALIDITY_PART = "validity-reward";

    /** Extra part: w_c·content. */
    public static final String CONTENT_PART = "content-reward";

    static final OptionSpec STRUCTURE_WEIGHT =
            OptionSpec.ofDouble(
                            "structure-weight",
                            0.1,
                            "w_s on structural integrity: the response is non-blank and ended"
                                    + " by the policy, not cut at max-new-tokens (ours).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec FORMAT_WEIGHT =
            OptionSpec.ofDouble(
                            "format-weight",
                            0.2,
                            "w_f on format correctness: the task reward's format part (ours).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec VALIDITY_WEIGHT =
            OptionSpec.ofDouble(
                            "validity-weight",
                            0.2,
                            "w_v on validity: countdown's numbers part, sort's multiset part,"
                                    + " else the format part (ours).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec CONTENT_WEIGHT =
            OptionSpec.ofDouble(
                            "content-weight",
                            0.5,
                            "w_c on content accuracy: the task reward (ours).")
                    .atLeast(0)
                    .atMost(1);

    private final double ws;
    private final double wf;
    private final double wv;
    private final double wc;

    /**
     * @param ws structure weight
     * @param wf format weight
     * @param wv validity weight
     * @param wc content weight; all non-negative, summing to at most 1 and more than 0
     */
    public StructRewardShaper(double ws, double wf, double wv, double wc) {
        if (!(ws >= 0 && wf >= 0 && wv >= 0 && wc >= 0)) {
            throw new IllegalArgumentException(
                    "weights must be non-negative, got structure "
                            + ws
                            + ", format "
                            + wf
                            + ", validity "
                            + wv
                            + ", content "
                            + wc);
        }
        double sum = ws + wf + wv + wc;
        if (!(sum > 0 && sum <= 1 + 1e-9)) {
            throw new IllegalArgumentException(
                    "structure-weight + format-weight + validity-weight + content-weight must be"
                            + " in (0, 1] so the shaped reward stays in [0, 1], got "
                            + sum);
        }
        this.ws = ws;
        this.wf = wf;
        this.wv = wv;
        this.wc = wc;
    }

    /** 1 when the response is non-blank and the policy ended it (not cut at max-new-tokens). */
    static double structure(ShapingSample s) {
        return !s.text().isBlank() && s.features().finishReason() == FinishReason.STOP ? 1.0 : 0.0;
    }

    /** The task's constraint part (countdown's numbers, sort's multiset), else the format. */
    static double validity(ShapingSample s) {
        double format = TaskFormatCheck.format(s);
        double v =
                TaskFormatCheck.part(
                        s,
                        CountdownReward.NUMBERS,
                        TaskFormatCheck.part(s, SortReward.MULTISET, format));
        return v >= 0.5 ? 1.0 : 0.0;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        double[] r = new double[group.size()];
        List<Map<String, Double>> parts = new ArrayList<>(group.size());
        for (int i = 0; i < r.length; i++) {
            ShapingSample s = group.sample(i);
            double st = ws * structure(s);
            double f = wf * TaskFormatCheck.format(s);
            double v = wv * validity(s);
            double c = wc * s.taskReward();
            r[i] = st + f + v + c;
            Map<String, Double> p = new LinkedHashMap<>();
            p.put(STRUCTURE_PART, st);
            p.put(FORMAT_PART, f);
            p.put(VALIDITY_PART, v);
            p.put(CONTENT_PART, c);
            parts.add(p);
        }
        return new ShapedRewards(r, parts);
    }

    /** Registers {@code struct-reward}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "struct-reward";
        }

        @Override
        public String description() {
            return "RL-Struct: 0.1*structure (complete, non-blank) + 0.2*format + 0.2*validity"
                    + " (the task's constraint part) + 0.5*content (the task reward).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(STRUCTURE_WEIGHT, FORMAT_WEIGHT, VALIDITY_WEIGHT, CONTENT_WEIGHT);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new StructRewardShaper(
                    STRUCTURE_WEIGHT.doubleValue(options),
                    FORMAT_WEIGHT.doubleValue(options),
                    VALIDITY_WEIGHT.doubleValue(options),
                    CONTENT_WEIGHT.doubleValue(options));
        }
    }
}
