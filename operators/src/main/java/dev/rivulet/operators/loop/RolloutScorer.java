package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.AdvantageEstimator;
import dev.rivulet.algo.advantage.AdvantageInput;
import dev.rivulet.algo.advantage.AdvantageResult;
import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.advantage.SegmentPoAdvantage;
import dev.rivulet.algo.advantage.SegmentValues;
import dev.rivulet.algo.hint.HintPolicy;
import dev.rivulet.algo.hint.HintState;
import dev.rivulet.algo.hint.NoHints;
import dev.rivulet.algo.reward.RewardBreakdown;
import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.shape.NoShaping;
import dev.rivulet.algo.shape.RewardShaper;
import dev.rivulet.algo.shape.ShapedRewards;
import dev.rivulet.algo.track.Observation;
import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.algo.track.ValueTracker;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Scores one visit of a prompt: rewards, reward shaping, tracker update, advantages, dynamic
 * sampling.
 *
 * <p>Plain Java so it can be tested without Flink; the RolloutLoop operator only feeds it state and
 * completions and writes back what it returns.
 */
public final class RolloutScorer {

    private final ValueTracker tracker;
    private final AdvantageEstimator estimator;
    private final Function<String, RewardFunction> rewards;
    private final boolean dynamicSampling;
    private final RewardShaper shaper;
    private final HintPolicy hints;

    /** A scorer without reward shaping. */
    public RolloutScorer(
            ValueTracker tracker,
            AdvantageEstimator estimator,
            Function<String, RewardFunction> rewardsByTask,
            boolean dynamicSampling) {
        this(tracker, estimator, rewardsByTask, dynamicSampling, new NoShaping());
    }

    /**
     * @param tracker the value tracker, fed the shaped rewards
     * @param estimator the advantage estimator, fed the shaped rewards
     * @param rewardsByTask the task's reward function by task id
     * @param dynamicSampling DAPO's filter of groups whose advantages are all equal
     * @param shaper rewrites the task rewards before the tracker and the estimator see them
     */
    public RolloutScorer(
            ValueTracker tracker,
            AdvantageEstimator estimator,
            Function<String, RewardFunction> rewardsByTask,
            boolean dynamicSampling,
            RewardShaper shaper) {
        this(tracker, estimator, rewardsByTask, dynamicSampling, shaper, new NoHints());
    }

    /**
     * @param tracker the value tracker, fed the shaped rewards
     * @param estimator the advantage estimator, fed the shaped rewards
     * @param rewardsByTask the task's reward function by task id
     * @param dynamicSampling DAPO's filter of groups whose advantages are all equal
     * @param shaper rewrites the task rewards before the tracker and the estimator see them
     * @param hints moves each prompt's hint state after a visit
     */
    public RolloutScorer(
            ValueTracker tracker,
            AdvantageEstimator estimator,
            Function<String, RewardFunction> rewardsByTask,
            boolean dynamicSampling,
            RewardShaper shaper,
            HintPolicy hints) {
        this.hints = Objects.requireNonNull(hints, "hints");
        this.tracker = tracker;
        this.estimator = estimator;
        this.rewards = rewardsByTask;
        this.dynamicSampling = dynamicSampling;
        this.shaper = Objects.requireNonNull(shaper, "shaper");
    }

    /** The tracker's state of a prompt as of {@code step} (decaying trackers catch up). */
    public TrackerState trackerAt(PromptState state, long step) {
        return tracker.at(state.tracker(), step);
    }

    /**
     * The answer of the first completion of {@code group} (in the given order) that the task's
     * reward scores correct (at least 0.5), as the reward read it (after an answer prefix: prefix +
     * written text); empty when none is.
     */
    public Optional<String> firstSolved(Prompt prompt, List<Completion> group, Hint hint) {
        RewardFunction reward = rewards.apply(prompt.task());
        for (Completion c : group) {
            String answer = hint.answerText(c.text());
            if (reward.score(answer, prompt).reward() >= 0.5) {
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }

    /** The task's reward (unshaped) of an answer text for {@code prompt}. */
    public double taskReward(Prompt prompt, String answer) {
        return rewards.apply(prompt.task()).score(answer, prompt).reward();
    }

    /** The estimator when it is SPO-chain's (continuations from cut points), else null. */
    SegmentPoAdvantage segments() {
        return estimator instanceof SegmentPoAdvantage s ? s : null;
    }

    /** Scores the completions of one plain (un-hinted) visit of a prompt. */
    public ScoredVisit score(
            PromptState state,
            List<Completion> group,
            double divergence,
            long step,
            int shard,
            RandomGenerator rng) {
        return score(state, group, Hint.NONE, divergence, step, shard, rng);
    }

    /**
     * Scores the completions of one prompt's visit, generated under {@code hint}: the reward scores
     * what the policy wrote (after an answer prefix: prefix + written text), the rollouts keep the
     * plain prompt's tokens and the hinted behaviour log-probs the server returned and record the
     * hint's kind and level, and the hint policy moves the prompt's hint state by the visit's
     * successes.
     *
     * @param state the prompt's state before the visit
     * @param group the completions of this visit, in sample order
     * @param hint the hint the visit was generated under ({@link Hint#NONE}: plain)
     * @param divergence D for SPO's KL-adaptive discount (0 when not measured)
     * @param step the loop step of the visit
     * @param shard the shard, for telemetry
     * @param rng the shard's randomness for this visit
     */
    public ScoredVisit score(
            PromptState state,
            List<Completion> group,
            Hint hint,
            double divergence,
            long step,
            int shard,
            RandomGenerator rng) {
        return score(
                state,
                group,
                Collections.nCopies(group.size(), hint),
                divergence,
                step,
                shard,
                rng,
                Map.of());
    }

    /**
     * Scores one prompt's visit whose samples may have been generated under different hints (a
     * group that mixes plain and hinted samples, ExPO): as {@link #score(PromptState, List, Hint,
     * double, long, int, RandomGenerator)}, sample by sample, the rollouts sharing the first
     * completion's request id as their group. When the hint policy {@link HintPolicy#regenerates()}
     * and an all-plain visit leaves the prompt with a hint, the visit is replaced: its rollouts are
     * not emitted (its events are, marked dropped) and {@link ScoredVisit#regenerate()} asks the
     * loop to generate the group again under that hint; a regenerating policy that has no hint for
     * the prompt leaves it plain. {@code segments} are the cut values of the visit's segmented
     * responses by sample index (segment-po; empty when none were measured).
     *
     * @param sampleHints the hint of each completion of {@code group} ({@link Hint#NONE}: plain)
     */
    public ScoredVisit score(
            PromptState state,
            List<Completion> group,
            List<Hint> sampleHints,
            double divergence,
            long step,
            int shard,
            RandomGenerator rng,
            Map<Integer, SegmentValues> segments) {
        if (sampleHints.size() != group.size()) {
            throw new IllegalArgumentException(
                    "a visit needs one hint per completion, got "
                            + sampleHints.size()
                            + " for "
                            + group.size());
        }
        Prompt prompt = state.prompt();
        RewardFunction reward = rewards.apply(prompt.task());
        int n = group.size();
        RewardBreakdown[] parts = new RewardBreakdown[n];
        for (int i = 0; i < n; i++) {
            parts[i] = reward.score(sampleHints.get(i).answerText(group.get(i).text()), prompt);
        }
        List<SampleFeatures> features = CompletionFeatures.of(group, reward, prompt);
        ShapedRewards shaped = VisitShaping.shape(shaper, prompt, group, parts, features);
        double[] r = shaped.rewards();
        TrackerState before = tracker.at(state.tracker(), step);
        double baseline = tracker.value(before);
        TrackerState after = tracker.update(before, new Observation(r, divergence, step));

        AdvantageInput input;
        if (estimator.needsGroup()) {
            input = AdvantageInput.group(r);
        } else {
            double[] b = new double[n];
            Arrays.fill(b, Double.isFinite(baseline) ? baseline : 0.5);
            input = AdvantageInput.withBaselines(r, b);
        }
        AdvantageResult adv;
        if (!segments.isEmpty() && estimator instanceof SegmentPoAdvantage spo) {
            List<SegmentValues> perSample = new ArrayList<>(n);
            for (Completion c : group) {
                perSample.add(segments.getOrDefault(c.sampleIndex(), SegmentValues.NONE));
            }
            adv = spo.estimate(input.withFeatures(features), perSample);
        } else {
            adv = estimator.estimate(input.withFeatures(features), rng);
        }
        // DAPO's filter keeps groups of one (verl's dynamic sampling keeps a prompt whose rewards
        // have std > 0 or that has a single sample): only a real group can be degenerate
        boolean filtered = dynamicSampling && estimator.needsGroup() && n > 1 && adv.allEqual();

        int hintedSamples = 0;
        int hintedSuccesses = 0;
        long successes = 0;
        for (int i = 0; i < n; i++) {
            // a success is a correct answer: the task's reward, not the shaped one
            boolean success = parts[i].reward() >= 0.5;
            successes += success ? 1 : 0;
            if (sampleHints.get(i).present()) {
                hintedSamples++;
                hintedSuccesses += success ? 1 : 0;
            }
        }
        HintState nextHint =
                hints.update(state.hint(), n, (int) successes, hintedSamples, hintedSuccesses);
        boolean regenerate = false;
        if (hints.regenerates() && hintedSamples == 0) {
            regenerate = hints.hint(prompt, nextHint).present();
            nextHint = regenerate ? nextHint : HintState.PLAIN;
        }
        boolean drop = filtered || regenerate;
        String groupId = group.get(0).requestId();

        long now = System.currentTimeMillis();
        List<ScoredRollout> out = new ArrayList<>(drop ? 0 : n);
        List<RolloutEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Completion c = group.get(i);
            Hint hint = sampleHints.get(i);
            String rolloutId = c.requestId() + "-" + c.sampleIndex();
            double a = drop ? 0.0 : adv.advantage(i);
            if (!drop) {
                out.add(
                        new ScoredRollout(
                                rolloutId,
                                prompt.id(),
                                prompt.task(),
                                prompt.difficulty(),
                                c.promptTokens(),
                                c.tokens(),
                                c.logprobs(),
                                r[i],
                                a,
                                c.policyVersion(),
                                groupId,
                                adv.tokenAdvantages(i),
                                n,
                                hint.kind(),
                                hint.level()));
            }
            events.add(
                    new RolloutEvent(
                            now,
                            rolloutId,
                            prompt.id(),
                            prompt.task(),
                            prompt.difficulty(),
                            shard,
                            r[i],
                            a,
                            c.policyVersion(),
                            c.tokens().length,
                            n,
                            drop,
                            c.finishReason().name(),
                            VisitShaping.parts(parts[i], shaped, i),
                            RolloutEvent.TRAIN,
                            hint.level()));
        }
        Completion stored = group.get(n - 1);
        PromptState next =
                new PromptState(
                        prompt,
                        after,
                        state.visits() + 1,
                        state.rollouts() + n,
                        state.successes() + successes,
                        stored.promptTokens(),
                        stored.tokens(),
                        stored.logprobs(),
                        state.priorSamples(),
                        nextHint);
        return new ScoredVisit(next, out, events, drop, regenerate);
    }
}
