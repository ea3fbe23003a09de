package dev.rivulet.tools.sim;

import dev.rivulet.algo.advantage.AdvantageInput;
import dev.rivulet.algo.advantage.AdvantageResult;
import dev.rivulet.algo.allocate.Allocation;
import dev.rivulet.algo.allocate.PromptEstimate;
import dev.rivulet.algo.select.Candidate;
import dev.rivulet.algo.select.Selection;
import dev.rivulet.algo.select.SelectorState;
import dev.rivulet.algo.track.Observation;
import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.algo.track.ValueTracker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated run of a shard's loop, call by call as {@code CallPlanner} and {@code
 * RolloutScorer} do it: the selector picks M of the idle prompts from their tracker states as of
 * the call's step, the allocator sizes each group, the rewards are Bernoulli draws from the true p,
 * the advantage estimator scores them and the tracker is updated with the call's step; with several
 * calls in flight a call's results arrive only after the next call was planned.
 *
 * @param pool how many prompts the shard holds
 * @param budget rollouts to generate (the last call may go past it)
 * @param learnCap with drift: rollouts carrying an advantage beyond which a visit teaches no more
 *     (8: one mixed group of 8 is one full learning visit; 0: no cap, every 8 such rollouts count
 *     as one)
 */
public record Simulation(int pool, long budget, int learnCap) {

    /** Rollouts that make one full learning visit. */
    static final int LEARN_UNIT = 8;

    public Simulation {
        if (pool < 1 || budget < 1 || learnCap < 0) {
            throw new IllegalArgumentException(
                    "a simulation needs pool >= 1, budget >= 1 and learn-cap >= 0, got "
                            + pool
                            + ", "
                            + budget
                            + ", "
                            + learnCap);
        }
    }

    private record Visit(int prompt, int n) {}

    private record Call(long step, List<Visit> visits) {}

    /** Runs {@code arm} on {@code scenario} with {@code seed}. */
    public SimResult run(SimArm arm, SimScenario scenario, long seed) {
        return new Run(arm, scenario, seed).go();
    }

    /** The mutable state of one run. */
    private final class Run {
        private final SimArm arm;
        private final SimScenario scenario;
        private final long seed;
        private final SimPool prompts;
        private final ValueTracker tracker;
        private final TrackerState[] states;
        private final double initialEvidence;
        private final long[] lastVisit;
        private final long[] perPrompt;
        private final boolean[] busy;
        private final boolean[] signal;
        private final List<SimResult.Point> curve = new ArrayList<>();
        private long rollouts;
        private long effective;
        private long onZero;
        private long onOne;
        private long gapSum;
        private long gaps;
        private double keptSum;
        private long kept;

        Run(SimArm arm, SimScenario scenario, long seed) {
            this.arm = arm;
            this.scenario = scenario;
            this.seed = seed;
            this.prompts = new SimPool(scenario.draw(pool, seed));
            this.tracker = arm.tracker();
            this.states = new TrackerState[pool];
            TrackerState init = tracker.initial();
            Arrays.fill(states, init);
            this.initialEvidence = init.hasBeta() ? init.alpha() + init.beta() : Double.NaN;
            this.lastVisit = new long[pool];
            Arrays.fill(lastVisit, -1);
            this.perPrompt = new long[pool];
            this.busy = new boolean[pool];
            this.signal = new boolean[pool];
        }

        SimResult go() {
            double startMeanP = prompts.meanP();
            Deque<Call> pending = new ArrayDeque<>();
            SelectorState cursor = SelectorState.start(seed);
            long planned = 0;
            long step = 0;
            long calls = 0;
            while (planned < budget) {
                while (pending.size() >= arm.inflight()) {
                    complete(pending.poll());
                }
                List<Candidate> candidates = new ArrayList<>(pool);
                for (int i = 0; i < pool; i++) {
                    if (!busy[i]) {
                        candidates.add(candidate(i, tracker.at(states[i], step)));
                    }
                }
                Selection sel =
                        arm.selector()
                                .select(candidates, arm.promptsPerCall(), cursor, rng(step, 0));
                if (sel.size() == 0) {
                    if (pending.isEmpty()) {
                        break;
                    }
                    complete(pending.poll());
                    continue;
                }
                List<PromptEstimate> estimates = new ArrayList<>(sel.size());
                for (String id : sel.promptIds()) {
                    int i = prompts.index(id);
                    TrackerState t = tracker.at(states[i], step);
                    estimates.add(estimate(id, t));
                    noteRevisit(i, t, step);
                }
                Allocation alloc = arm.allocator().allocate(estimates);
                List<Visit> visits = new ArrayList<>(alloc.size());
                for (int k = 0; k < alloc.size(); k++) {
                    int n = alloc.rollouts(k);
                    if (n >= 1) {
                        int i = prompts.index(alloc.promptIds().get(k));
                        visits.add(new Visit(i, n));
                        busy[i] = true;
                        planned += n;
                    }
                }
                cursor = sel.next();
                pending.add(new Call(step, visits));
                step++;
                calls++;
            }
            while (!pending.isEmpty()) {
                complete(pending.poll());
            }
            return new SimResult(
                    arm.name(),
                    scenario.name(),
                    seed,
                    calls,
                    rollouts,
                    ratio(effective, rollouts),
                    ratio(onZero, rollouts),
                    ratio(onOne, rollouts),
                    gaps == 0 ? Double.NaN : (double) gapSum / gaps,
                    distinct(),
                    count(signal),
                    topDecileShare(),
                    kept == 0 ? Double.NaN : keptSum / kept,
                    startMeanP,
                    prompts.meanP(),
                    curve);
        }

        /** Records the gap since the prompt's last visit and the evidence its tracker kept. */
        private void noteRevisit(int i, TrackerState now, long step) {
            if (lastVisit[i] < 0) {
                return;
            }
            gapSum += step - lastVisit[i];
            gaps++;
            if (!Double.isNaN(initialEvidence) && now.hasBeta()) {
                double before = states[i].alpha() + states[i].beta() - initialEvidence;
                if (before > 1e-12) {
                    keptSum += (now.alpha() + now.beta() - initialEvidence) / before;
                    kept++;
                }
            }
        }

        private void complete(Call call) {
            int index = 0;
            for (Visit v : call.visits()) {
                int i = v.prompt();
                index++;
                SplittableRandom r = rng(call.step(), index);
                double p = prompts.p(i);
                double[] rewards = prompts.rewards(i, v.n(), r);
                TrackerState before = tracker.at(states[i], call.step());
                double baseline = tracker.value(before);
                states[i] = tracker.update(before, new Observation(rewards, 0.0, call.step()));
                AdvantageInput input;
                if (arm.estimator().needsGroup()) {
                    input = AdvantageInput.group(rewards);
                } else {
                    double[] b = new double[v.n()];
                    Arrays.fill(b, Double.isFinite(baseline) ? baseline : 0.5);
                    input = AdvantageInput.withBaselines(rewards, b);
                }
                AdvantageResult adv = arm.estimator().estimate(input, r);
                int carrying = 0;
                for (int k = 0; k < adv.size(); k++) {
                    if (adv.advantage(k) != 0.0) {
                        carrying++;
                    }
                }
                rollouts += v.n();
                effective += carrying;
                onZero += p == 0.0 ? v.n() : 0;
                onOne += p == 1.0 ? v.n() : 0;
                perPrompt[i] += v.n();
                lastVisit[i] = call.step();
                busy[i] = false;
                signal[i] |= carrying > 0 && p > 0 && p < 1;
                if (scenario.drift() > 0 && carrying > 0) {
                    int counted = learnCap == 0 ? carrying : Math.min(carrying, learnCap);
                    prompts.learn(i, (double) counted / LEARN_UNIT, scenario.drift());
                }
            }
            if (scenario.transfer() > 0) {
                prompts.transfer(scenario.transfer());
            }
            curve.add(new SimResult.Point(rollouts, ratio(effective, rollouts), prompts.meanP()));
        }

        /** The selector's view of a prompt, as the loop builds it. */
        private Candidate candidate(int i, TrackerState t) {
            String id = prompts.ids().get(i);
            if (t.hasBeta()) {
                return new Candidate(id, t.alpha(), t.beta(), tracker.value(t));
            }
            return Candidate.ofValue(id, tracker.valid(t) ? tracker.value(t) : Double.NaN);
        }

        /** The allocator's view of a prompt, as the loop builds it. */
        private PromptEstimate estimate(String id, TrackerState t) {
            double p = tracker.value(t);
            return tracker.valid(t) && p >= 0 && p <= 1
                    ? PromptEstimate.valid(id, p)
                    : PromptEstimate.unknown(id);
        }

        private int distinct() {
            int d = 0;
            for (long n : perPrompt) {
                d += n > 0 ? 1 : 0;
            }
            return d;
        }

        private static int count(boolean[] flags) {
            int c = 0;
            for (boolean f : flags) {
                c += f ? 1 : 0;
            }
            return c;
        }

        private double topDecileShare() {
            long[] sorted = perPrompt.clone();
            Arrays.sort(sorted);
            int top = (int) Math.ceil(pool / 10.0);
            long s = 0;
            for (int k = 0; k < top; k++) {
                s += sorted[sorted.length - 1 - k];
            }
            return ratio(s, rollouts);
        }

        private SplittableRandom rng(long step, long salt) {
            long s = seed * 0x9E3779B97F4A7C15L;
            s ^= step * 0x94D049BB133111EBL + salt;
            return new SplittableRandom(s);
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
