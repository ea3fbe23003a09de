package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Surrogate Signals from Format and Length (label-free): the shaped reward ignores whether the
 * answer is right and scores only its format R_f (0/1) and a rise-then-fall length reward R_l in
 * [−1, 1]; R_fl = R_f + R_l for a formatted answer and min(0, R_l) otherwise, mapped to [0, 1] as
 * (R_fl + 1)/3.
 */
public final class FormatLengthShaper implements RewardShaper {

    /** Extra part: R_f, 1 for an answer in the task's format, else 0. */
    public static final String FORMAT_PART = "format-reward";

    /** Extra part: R_l, the paper's length reward in [−1, 1]. */
    public static final String LENGTH_PART = "length-reward";

    /** Extra part: R_fl, the paper's format-length reward in [−1, 2] before the mapping. */
    public static final String SURROGATE_PART = "format-length";

    static final OptionSpec MAX_LENGTH =
            OptionSpec.ofInt(
                            "max-length",
                            16,
                            "L_max in tokens, x = L/L_max (the paper's maximum response length;"
                                    + " 16 is rivulet.loop.max-new-tokens' default: set it to the"
                                    + " run's); 0 = per group, L_max = mean length / p, so that the"
                                    + " length reward peaks at the group's mean length (ours, for"
                                    + " tasks whose answers are short).")
                    .atLeast(0);
    static final OptionSpec TURNING_POINT =
            OptionSpec.ofDouble(
                            "turning-point",
                            0.5,
                            "p, the share of L_max where the length reward peaks at 1 (the"
                                    + " paper's default 0.5).")
                    .above(0)
                    .below(1);

    static final OptionSpec LENGTH_OF =
            OptionSpec.ofEnum(
                    "length-of",
                    "response",
                    List.of("response", "reasoning"),
                    "What L counts: response = every response token (the paper's Eq. 3);"
                            + " reasoning = the tokens before the final answer (the last"
                            + " '\\boxed{', the last '####' or the last line, whichever starts"
                            + " latest), so that the answer's own digits never earn length reward:"
                            + " in the paper the answer is a few tokens of hundreds (ours).");

    private final int maxLength;
    private final double p;
    private final boolean reasoningOnly;

    /**
     * @param maxLength L_max in tokens, at least 1; 0 sets it per group so that the length reward
     *     peaks at the group's mean length
     * @param p the turning point in (0, 1)
     */
    public FormatLengthShaper(int maxLength, double p) {
        this(maxLength, p, false);
    }

    /**
     * @param maxLength L_max in tokens, at least 1; 0 sets it per group so that the length reward
     *     peaks at the group's mean length
     * @param p the turning point in (0, 1)
     * @param reasoningOnly count only the tokens before the final answer as L
     */
    public FormatLengthShaper(int maxLength, double p, boolean reasoningOnly) {
        if (maxLength < 0) {
            throw new IllegalArgumentException(
                    "max-length must be at least 1, or 0 for per group, got " + maxLength);
        }
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("turning-point must be in (0, 1), got " + p);
        }
        this.maxLength = maxLength;
        this.p = p;
        this.reasoningOnly = reasoningOnly;
    }

    /**
     * The characters of {@code text} before its final answer: the answer starts at the last {@code
     * \boxed{}, the last {@code ####} or the start of the last non-blank line, whichever is latest
     * (a one-line bare answer has none before it).
     */
    static int reasoningChars(String text) {
        String t = text.stripTrailing();
        int lastLine = t.lastIndexOf('\n') + 1;
        int cut = Math.max(lastLine, Math.max(t.lastIndexOf("\\boxed{"), t.lastIndexOf("####")));
        return Math.max(0, cut);
    }

    /**
     * L of a sample: its token count, or with {@code length-of=reasoning} the share of its tokens
     * that the text before the final answer takes (characters before it / all characters, times the
     * tokens, rounded).
     */
    int length(ShapingSample s) {
        if (!reasoningOnly) {
            return s.length();
        }
        String text = s.text();
        if (text.isEmpty()) {
            return 0;
        }
        return (int) Math.round((double) s.length() * reasoningChars(text) / text.length());
    }

    /**
     * R_l for a response of {@code length} tokens: 1 − (1 − x/p)² up to p, 1 − 2((x − p)/(1 − p))²
     * after, x = min(1, length/L_max); it rises from 0 to 1 at p and falls to −1 at L_max.
     */
    double lengthReward(int length) {
        return lengthReward(length, maxLength);
    }

    /** R_l against an explicit L_max. */
    double lengthReward(int length, double lMax) {
        double x = Math.min(1.0, length / lMax);
        if (x <= p) {
            double d = 1 - x / p;
            return 1 - d * d;
        }
        double d = (x - p) / (1 - p);
        return 1 - 2 * d * d;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        double[] r = new double[group.size()];
        List<Map<String, Double>> parts = new ArrayList<>(group.size());
        double lMax = maxLength;
        if (maxLength == 0) {
            double mean = 0;
            for (int i = 0; i < r.length; i++) {
                mean += length(group.sample(i));
            }
            lMax = Math.max(1.0, mean / r.length) / p;
        }
        for (int i = 0; i < r.length; i++) {
            ShapingSample s = group.sample(i);
            double format = TaskFormatCheck.format(s);
            double length = lengthReward(length(s), lMax);
            double fl = format > 0 ? format + length : Math.min(0.0, length);
            r[i] = (fl + 1) / 3;
            Map<String, Double> part = new LinkedHashMap<>();
            part.put(FORMAT_PART, format);
            part.put(LENGTH_PART, length);
            part.put(SURROGATE_PART, fl);
            parts.add(part);
        }
        return new ShapedRewards(r, parts);
    }

    /** Registers {@code format-length}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "format-length";
        }

        @Override
        public String description() {
            return "Label-free surrogate reward: task format (0/1) plus a rise-then-fall length"
                    + " reward peaking at p*L_max; correctness is not used. Mapped to [0, 1].";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MAX_LENGTH, TURNING_POINT, LENGTH_OF);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new FormatLengthShaper(
                    MAX_LENGTH.intValue(options),
                    TURNING_POINT.doubleValue(options),
                    "reasoning".equals(LENGTH_OF.stringValue(options)));
        }
    }
}
