package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollouts to one target accuracy, per arm and seed, and each arm's ratio of median
 * rollouts-to-target against the baseline arm with a bootstrap 95% interval ({@link
 * RatioBootstrap}). A run that never reached the target counts as its whole budget (the rollouts it
 * generated) and is flagged censored.
 *
 * @param name short name ("target 1")
 * @param rule how the accuracy was chosen, in words
 * @param accuracy the target held-out accuracy
 * @param baseline the arm the ratios are against
 * @param arms one entry per arm, in the compare's order
 */
public record TargetComparison(
        String name, String rule, double accuracy, String baseline, List<ArmToTarget> arms) {

    /**
     * One arm's rollouts to the target.
     *
     * @param arm arm name
     * @param rollouts per seed, rollouts at the first evaluation at or above the target (or the
     *     run's budget when censored)
     * @param censored per seed, whether the run never reached the target
     * @param ratio against the baseline; null for the baseline itself
     */
    public record ArmToTarget(
            String arm, double[] rollouts, boolean[] censored, RatioBootstrap.Ratio ratio) {

        /** Seeds that reached the target. */
        public int reached() {
            int n = 0;
            for (boolean c : censored) {
                n += c ? 0 : 1;
            }
            return n;
        }

        /** Median over seeds, censored seeds at their budget (then a lower bound). */
        public double median() {
            return RatioBootstrap.median(rollouts);
        }
    }

    /** Rollouts to {@code accuracy} of every run, grouped by arm in {@code armNames} order. */
    public static TargetComparison of(
            String name,
            String rule,
            double accuracy,
            String baseline,
            List<String> armNames,
            List<RunCurve> runs) {
        List<RatioBootstrap.Sample> samples = new ArrayList<>();
        for (String arm : armNames) {
            List<RunCurve> rs = runs.stream().filter(r -> r.arm().equals(arm)).toList();
            double[] v = new double[rs.size()];
            boolean[] c = new boolean[rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                long at = rs.get(i).rolloutsTo(accuracy);
                c[i] = at < 0;
                v[i] = c[i] ? budget(rs.get(i)) : at;
            }
            samples.add(new RatioBootstrap.Sample(v, c));
        }
        RatioBootstrap.Sample base = samples.get(armNames.indexOf(baseline));
        List<ArmToTarget> arms = new ArrayList<>();
        for (int i = 0; i < armNames.size(); i++) {
            RatioBootstrap.Sample s = samples.get(i);
            arms.add(
                    new ArmToTarget(
                            armNames.get(i),
                            s.values(),
                            s.censored(),
                            armNames.get(i).equals(baseline)
                                    ? null
                                    : RatioBootstrap.ratio(s, base)));
        }
        return new TargetComparison(name, rule, accuracy, baseline, arms);
    }

    /** What a censored run counts as: the rollouts it generated, or its last evaluation's. */
    static double budget(RunCurve r) {
        double last = r.points().isEmpty() ? 0 : r.points().get(r.points().size() - 1)[0];
        return Math.max(r.rollouts(), last);
    }

    /** This target as compare.json writes it. */
    public ObjectNode toJson() {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("name", name);
        t.put("rule", rule);
        put(t, "accuracy", accuracy);
        t.put("baseline", baseline);
        var arr = t.putArray("arms");
        for (ArmToTarget a : arms) {
            ObjectNode o = arr.addObject();
            o.put("name", a.arm());
            o.put("seeds", a.rollouts().length);
            o.put("reached", a.reached());
            var per = o.putArray("rollouts_per_seed");
            for (double v : a.rollouts()) {
                per.add(v);
            }
            var cen = o.putArray("censored_per_seed");
            for (boolean c : a.censored()) {
                cen.add(c);
            }
            put(o, "median", a.median());
            put(o, "min", java.util.Arrays.stream(a.rollouts()).min().orElse(Double.NaN));
            put(o, "max", java.util.Arrays.stream(a.rollouts()).max().orElse(Double.NaN));
            o.put("median_is_lower_bound", a.reached() < a.rollouts().length);
            if (a.ratio() != null) {
                ObjectNode r = o.putObject("ratio_to_baseline");
                put(r, "point", a.ratio().point());
                var ci = r.putArray("ci95");
                addOrNull(ci, a.ratio().lo());
                addOrNull(ci, a.ratio().hi());
                r.put("bound", a.ratio().bound().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return t;
    }

    private static void put(ObjectNode n, String k, double v) {
        if (Double.isFinite(v)) {
            n.put(k, v);
        } else {
            n.putNull(k);
        }
    }

    private static void addOrNull(com.fasterxml.jackson.databind.node.ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }
}
