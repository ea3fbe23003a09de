package dev.rivulet.tools.sim;

import java.util.List;

/**
 * What one simulated run measured.
 *
 * @param arm the arm's name
 * @param scenario the scenario's name
 * @param seed the run's seed
 * @param calls generation calls made
 * @param rollouts rollouts generated
 * @param effectiveRatio the share of rollouts whose advantage is non-zero (for group estimators:
 *     the rollouts of groups with mixed rewards)
 * @param zeroShare the share of rollouts spent on prompts with true p = 0 at the visit
 * @param oneShare the share of rollouts spent on prompts with true p = 1 at the visit
 * @param meanRevisitGap mean steps between two visits of one prompt (NaN without revisits)
 * @param distinct prompts visited at least once
 * @param withSignal prompts with 0 < p < 1 that had at least one visit with a non-zero advantage
 *     (the prompts the policy could learn from)
 * @param topDecileShare the share of all rollouts that went to the 10% most-rolled-out prompts
 * @param evidenceKept mean, over revisits, of the tracker's evidence (α + β beyond the initial
 *     state's) left when the prompt is selected again, relative to just after its last update; NaN
 *     for trackers without a Beta posterior or without revisits
 * @param startMeanP the mean true p over the pool before the run
 * @param endMeanP the mean true p over the pool after the run (differs only with drift)
 * @param curve the run as it went, one point per completed call
 */
public record SimResult(
        String arm,
        String scenario,
        long seed,
        long calls,
        long rollouts,
        double effectiveRatio,
        double zeroShare,
        double oneShare,
        double meanRevisitGap,
        int distinct,
        int withSignal,
        double topDecileShare,
        double evidenceKept,
        double startMeanP,
        double endMeanP,
        List<Point> curve) {

    public SimResult {
        curve = List.copyOf(curve);
    }

    /**
     * The state after a completed call.
     *
     * @param rollouts rollouts completed so far
     * @param effectiveRatio the effective ratio so far
     * @param meanP the mean true p over the pool now
     */
    public record Point(long rollouts, double effectiveRatio, double meanP) {}
}
