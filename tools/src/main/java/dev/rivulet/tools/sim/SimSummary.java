package dev.rivulet.tools.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The mean over seeds of one arm on one scenario.
 *
 * @param arm the arm
 * @param scenario the scenario
 * @param seeds how many runs were averaged
 * @param rollouts mean rollouts per run
 * @param effectiveRatio mean effective-gradient ratio
 * @param zeroShare mean share of rollouts on p = 0 prompts
 * @param oneShare mean share of rollouts on p = 1 prompts
 * @param meanRevisitGap mean revisit gap in steps (NaN when no run revisited)
 * @param distinct mean prompts touched
 * @param withSignal mean prompts with 0 < p < 1 that got a non-zero advantage
 * @param topDecileShare mean share of rollouts on the top 10% prompts
 * @param evidenceKept mean tracker evidence left at a revisit (NaN without Beta tracker)
 * @param endMeanP mean p over the pool at the end
 * @param startMeanP mean p over the pool at the start
 */
public record SimSummary(
        String arm,
        String scenario,
        int seeds,
        double rollouts,
        double effectiveRatio,
        double zeroShare,
        double oneShare,
        double meanRevisitGap,
        double distinct,
        double withSignal,
        double topDecileShare,
        double evidenceKept,
        double endMeanP,
        double startMeanP) {

    /** One summary per (arm, scenario), in first-seen order. */
    public static List<SimSummary> of(List<SimResult> results) {
        Map<String, List<SimResult>> groups = new LinkedHashMap<>();
        for (SimResult r : results) {
            groups.computeIfAbsent(r.arm() + "\u0000" + r.scenario(), k -> new ArrayList<>())
                    .add(r);
        }
        List<SimSummary> out = new ArrayList<>();
        for (List<SimResult> g : groups.values()) {
            out.add(
                    new SimSummary(
                            g.get(0).arm(),
                            g.get(0).scenario(),
                            g.size(),
                            mean(g, r -> r.rollouts()),
                            mean(g, SimResult::effectiveRatio),
                            mean(g, SimResult::zeroShare),
                            mean(g, SimResult::oneShare),
                            mean(g, SimResult::meanRevisitGap),
                            mean(g, r -> r.distinct()),
                            mean(g, r -> r.withSignal()),
                            mean(g, SimResult::topDecileShare),
                            mean(g, SimResult::evidenceKept),
                            mean(g, SimResult::endMeanP),
                            mean(g, SimResult::startMeanP)));
        }
        return out;
    }

    /** The mean of the finite values, NaN when there is none. */
    static double mean(List<SimResult> runs, ToDoubleFunction<SimResult> f) {
        double s = 0;
        int n = 0;
        for (SimResult r : runs) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** A Markdown table of the summaries, scenario by scenario. */
    public static String table(List<SimSummary> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| scenario | arm | effective ratio | rollouts on p=0 | on p=1 | revisit gap"
                        + " (steps) | prompts touched | with signal | top-10% share | evidence kept"
                        + " at revisit | mean p start → end |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SimSummary r : rows) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.3f | %.3f | %.3f | %s | %.0f | %.0f | %.3f | %s | %.3f → %.3f |%n",
                            r.scenario(),
                            r.arm(),
                            r.effectiveRatio(),
                            r.zeroShare(),
                            r.oneShare(),
                            fmt(r.meanRevisitGap(), "%.1f"),
                            r.distinct(),
                            r.withSignal(),
                            r.topDecileShare(),
                            fmt(r.evidenceKept(), "%.3f"),
                            r.startMeanP(),
                            r.endMeanP()));
        }
        return sb.toString();
    }

    private static String fmt(double v, String pattern) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, pattern, v) : "–";
    }
}
