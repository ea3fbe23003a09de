package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * TW-GRPO's soft reward carried to integer answers: a wrong answer whose digits (by place) are a
 * proper subset of the reference's earns the share of the reference's digits it gives; {@code
 * mode=overlap} instead gives the share of places that agree, over the longer of the two.
 */
public final class PartialCreditShaper implements RewardShaper {

    /** The extra reward part: the partial credit given (0 for a correct or unreadable answer). */
    public static final String PART = "partial-credit";

    static final OptionSpec MODE =
            OptionSpec.ofEnum(
                    "mode",
                    "subset",
                    List.of("subset", "overlap"),
                    "subset: |S|/|G| when every digit of the answer is the reference's digit at"
                            + " that place, else 0 (TW-GRPO's subset rule); overlap: agreeing"
                            + " places / max(|S|, |G|).");

    /** A task reward at or above it counts as correct, and is kept. */
    static final double CORRECT = 0.5;

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final boolean subset;

    /**
     * @param subset TW-GRPO's subset rule (true) or the overlap share (false)
     */
    public PartialCreditShaper(boolean subset) {
        this.subset = subset;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        Set<String> reference = digits(group.prompt().answer());
        double[] r = new double[group.size()];
        List<Map<String, Double>> parts = new ArrayList<>(group.size());
        for (int i = 0; i < r.length; i++) {
            ShapingSample s = group.sample(i);
            double credit = 0.0;
            if (s.taskReward() >= CORRECT) {
                r[i] = s.taskReward();
            } else {
                credit = reference == null ? 0.0 : credit(digits(s.text()), reference);
                r[i] = Math.max(s.taskReward(), credit);
            }
            parts.add(Map.of(PART, credit));
        }
        return new ShapedRewards(r, parts);
    }

    /** The credit of a wrong answer's digits {@code got} against the reference's {@code want}. */
    double credit(Set<String> got, Set<String> want) {
        if (got == null || got.isEmpty() || got.equals(want)) {
            // unreadable, or equal by place but judged wrong by the task (a form it rejects)
            return 0.0;
        }
        if (subset) {
            return want.containsAll(got) ? (double) got.size() / want.size() : 0.0;
        }
        Set<String> agree = new HashSet<>(got);
        agree.retainAll(want);
        return (double) agree.size() / Math.max(got.size(), want.size());
    }

    /**
     * The characters of an integer's canonical form keyed by place from the right ("0:6", "1:4" for
     * 46; a minus sign is one more place), or null when {@code text} is not an integer.
     */
    static Set<String> digits(String text) {
        String t = text == null ? "" : text.strip();
        if (!INTEGER.matcher(t).matches()) {
            return null;
        }
        String canonical = new BigInteger(t).toString();
        Set<String> out = new HashSet<>();
        for (int p = 0; p < canonical.length(); p++) {
            out.add(p + ":" + canonical.charAt(canonical.length() - 1 - p));
        }
        return out;
    }

    /** Registers {@code partial-credit}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "partial-credit";
        }

        @Override
        public String description() {
            return "TW-GRPO's soft reward for integer answers: a wrong answer whose digits are a"
                    + " proper subset of the reference's (by place) earns that share (< 1).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MODE);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new PartialCreditShaper(MODE.stringValue(options).equals("subset"));
        }
    }
}
