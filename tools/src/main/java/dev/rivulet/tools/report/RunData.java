package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.operators.telemetry.RolloutEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run produced that the summary, the report and the driver's progress line read.
 * Rollout rows are folded into aggregates as they are polled and then dropped: counts, rollouts per
 * prompt, reward-part sums, the reward chart's windows, the reward parts' time bins and the last
 * {@link #RECENT} rewards. Its memory grows with prompts and time bins, not with rollouts.
 * Learner-step, evaluation and dead-letter rows (one per step, per evaluated cell, per dead batch)
 * are kept as lists.
 */
public final class RunData {

    /** Rollouts in the progress line's recent-reward mean. */
    public static final int RECENT = 500;

    public final List<JsonNode> steps = new ArrayList<>();
    public final List<JsonNode> evaluations = new ArrayList<>();
    public final List<JsonNode> deadLetters = new ArrayList<>();

    private final long startMillis;
    private final Map<String, Integer> perPrompt = new HashMap<>();
    private final Map<String, double[]> partSums = new TreeMap<>();
    private final RewardWindows rewardWindows;
    private final PartsTimeline partsTimeline;
    private final GroupShares groupShares = new GroupShares();
    private final RecentMean recentReward = new RecentMean(RECENT);
    private long rollouts;
    private long priorRollouts;
    private long droppedDynamicSampling;
    private long rolloutsWithParts;

    /**
     * @param startMillis when the run started: the reward chart's windows count from it
     */
    public RunData(long startMillis) {
        this(startMillis, PartsTimeline.MAX_BINS);
    }

    RunData(long startMillis, int partBins) {
        this.startMillis = startMillis;
        this.rewardWindows = new RewardWindows(startMillis);
        this.partsTimeline = new PartsTimeline(partBins);
    }

    /** When the run started (epoch milliseconds). */
    public long startMillis() {
        return startMillis;
    }

    /** Folds rollout rows into the aggregates, in order. */
    public void addRollouts(Collection<JsonNode> rows) {
        rows.forEach(this::addRollout);
    }

    /** Folds one rollout row into the aggregates; the row is not retained. */
    public void addRollout(JsonNode r) {
        rollouts++;
        perPrompt.merge(r.path("prompt_id").asText(), 1, Integer::sum);
        boolean prior = RolloutEvent.PRIOR.equals(r.path("phase").asText());
        if (prior) {
            priorRollouts++;
        } else if (r.path("dropped").asBoolean()) {
            droppedDynamicSampling++;
        }
        if (r.path(RewardParts.FIELD).isObject()) {
            rolloutsWithParts++;
            RewardParts.add(partSums, r);
        }
        double reward = r.path("reward").asDouble();
        rewardWindows.add(
                r.path("task").asText() + ":" + r.path("difficulty").asInt(),
                r.path("ts").asLong(),
                reward);
        partsTimeline.add(r);
        groupShares.add(r);
        recentReward.add(reward);
    }

    /**
     * Training groups by {@code task:difficulty}: how many, the share with all-equal rewards, the
     * share generated with a hint.
     */
    Map<String, GroupShares.Cell> groupsByCell() {
        return groupShares.cells();
    }

    /** Rollout rows seen. */
    public long rolloutCount() {
        return rollouts;
    }

    /** Prior samples (SPO's N_init: generated, never trained on). */
    public long priorRollouts() {
        return priorRollouts;
    }

    /**
     * Rollouts (not groups) that dynamic sampling dropped; a dropped prior sample is counted under
     * {@link #priorRollouts} instead.
     */
    public long droppedByDynamicSampling() {
        return droppedDynamicSampling;
    }

    /** Rollouts that carry reward parts. */
    public long rolloutsWithRewardParts() {
        return rolloutsWithParts;
    }

    /** Mean reward of the last {@link #RECENT} rollouts (NaN before the first). */
    public double recentRewardMean() {
        return recentReward.mean();
    }

    /** Rollouts generated per prompt id (a read-only view). */
    public Map<String, Integer> rolloutsPerPrompt() {
        return Collections.unmodifiableMap(perPrompt);
    }

    /** The reward chart's points: mean reward per {@code task:difficulty} per 20 s window. */
    void forEachRewardWindow(RewardWindows.MeanSink sink) {
        rewardWindows.forEachMean(sink);
    }

    /** Samples trained, summed over learner steps. */
    public long trained() {
        return steps.stream().mapToLong(s -> s.path("samples").asLong()).sum();
    }

    /** Share of trained samples with a non-zero advantage. */
    public double effectiveGradientRatio() {
        double num = 0;
        double den = 0;
        for (JsonNode s : steps) {
            double n = s.path("samples").asDouble();
            num += n * s.path("effective_gradient_ratio").asDouble();
            den += n;
        }
        return den == 0 ? 0 : num / den;
    }

    /** The newest learner step (highest policy version, then most rollouts received), or null. */
    public JsonNode lastStep() {
        return steps.stream()
                .max(
                        java.util.Comparator.<JsonNode>comparingLong(
                                        s -> s.path("policy_version").asLong())
                                .thenComparingLong(s -> s.path("received").asLong()))
                .orElse(null);
    }

    /**
     * Fraction of the training period (first step sent to last step acknowledged) during which the
     * learner had a batch: Σ train time / span.
     */
    public double learnerBusyFraction() {
        if (steps.size() < 2) {
            return 0;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double busy = 0;
        for (JsonNode s : steps) {
            long ts = s.path("ts").asLong();
            long ms = s.path("train_millis").asLong();
            first = Math.min(first, ts - ms);
            last = Math.max(last, ts);
            busy += ms;
        }
        return last <= first ? 0 : Math.min(1.0, busy / (last - first));
    }

    /**
     * Mean of each named reward part over the rollouts that carry {@code reward_parts} (part name →
     * mean, names sorted); empty for telemetry written before reward parts existed.
     */
    public Map<String, Double> rewardPartsMean() {
        return RewardParts.finish(partSums);
    }

    /**
     * Each reward part's mean over time: the span from the first to the last rollout carrying
     * parts, cut into {@code windows} equal windows (empty windows left out).
     */
    public List<RewardParts.Window> rewardPartsOverTime(int windows) {
        return partsTimeline.windows(startMillis, windows);
    }

    /**
     * The sizes of what is held for the rollouts: prompts, reward-chart bins, reward-part time
     * bins, recent-reward slots. None grows with the number of rollouts once prompts and time are
     * fixed.
     */
    int[] retainedSizes() {
        return new int[] {
            perPrompt.size(), rewardWindows.bins(), partsTimeline.bins(), recentReward.capacity()
        };
    }
}
