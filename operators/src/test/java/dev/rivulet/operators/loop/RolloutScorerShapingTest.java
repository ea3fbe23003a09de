package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.algo.shape.RewardShaper;
import dev.rivulet.algo.shape.RewardShapers;
import dev.rivulet.algo.shape.ShapedRewards;
import dev.rivulet.algo.shape.ShapingGroup;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reward shaper sits between the task's reward and the tracker and advantage estimator. */
class RolloutScorerShapingTest {

    /** Prompt "1+1=" with answer 2: samples answering 2, 2, 3 with 1, 3 and 2 tokens. */
    private static List<Completion> group() {
        String[] texts = {"2", "2", "3"};
        int[] lengths = {1, 3, 2};
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(
                    new Completion(
                            "r",
                            "p",
                            i,
                            new int[] {1},
                            new int[lengths[i]],
                            new float[lengths[i]],
                            texts[i],
                            5,
                            FinishReason.STOP));
        }
        return out;
    }

    private static ScoredVisit score(RolloutScorer scorer) {
        PromptState state =
                PromptState.fresh(
                        LoopTestData.prompt("p", 1),
                        ValueTrackers.registry().create("reward-history").initial());
        return scorer.score(state, group(), 0.0, 0, 0, new SplittableRandom(1));
    }

    private static RolloutScorer scorer(RewardShaper shaper) {
        TaskRegistry tasks = TaskRegistry.builtIn();
        return new RolloutScorer(
                ValueTrackers.registry().create("reward-history"),
                AdvantageEstimators.registry().create("drgrpo"),
                t -> RewardFunctions.create(tasks.rewardId(t)),
                false,
                shaper);
    }

    /** Shapes by length: reward − 0.25·(tokens − 1), reported as part "test-penalty". */
    private static final RewardShaper BY_LENGTH =
            g -> {
                double[] r = new double[g.size()];
                List<Map<String, Double>> parts = new ArrayList<>();
                for (int i = 0; i < g.size(); i++) {
                    double penalty = -0.25 * (g.sample(i).length() - 1);
                    r[i] = g.sample(i).taskReward() + penalty;
                    parts.add(Map.of("test-penalty", penalty));
                }
                return new ShapedRewards(r, parts);
            };

    @Test
    void theShapedRewardsReachTheAdvantagesAndTheRollouts() {
        ScoredVisit visit = score(scorer(BY_LENGTH));
        // task rewards 1, 1, 0; penalties 0, −0.5, −0.25 → shaped 1, 0.5, −0.25;
        // mean 1.25/3 = 5/12; drgrpo A = r − mean = 7/12, 1/12, −8/12
        List<ScoredRollout> rollouts = visit.rollouts();
        assertThat(rollouts).extracting(ScoredRollout::reward).containsExactly(1.0, 0.5, -0.25);
        assertThat(rollouts.get(0).advantage()).isCloseTo(7.0 / 12, within(1e-12));
        assertThat(rollouts.get(1).advantage()).isCloseTo(1.0 / 12, within(1e-12));
        assertThat(rollouts.get(2).advantage()).isCloseTo(-8.0 / 12, within(1e-12));
        // the task's correctness stays in telemetry's parts, next to the shaper's extra part
        assertThat(visit.events().get(1).rewardParts())
                .containsEntry("correctness", 1.0)
                .containsEntry("test-penalty", -0.5);
        assertThat(visit.events().get(1).reward()).isEqualTo(0.5);
        // successes count correct answers, not shaped rewards >= 0.5: 2 of 3
        assertThat(visit.next().successes()).isEqualTo(2);
        // the tracker saw the shaped rewards: 1 and 0.5 count as successes, −0.25 not
        assertThat(visit.next().tracker().lastVisitMean()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void aRegisteredShaperIsBuiltByIdAndTheDefaultIsTheIdentity() {
        RewardShaper none = RewardShapers.registry().create(RewardShapers.NONE);
        ScoredVisit shaped = score(scorer(none));
        ScoredVisit plain =
                score(
                        new RolloutScorer(
                                ValueTrackers.registry().create("reward-history"),
                                AdvantageEstimators.registry().create("drgrpo"),
                                t -> RewardFunctions.create(TaskRegistry.builtIn().rewardId(t)),
                                false));
        // task rewards 1, 1, 0 → drgrpo 1/3, 1/3, −2/3 either way
        assertThat(shaped.rollouts())
                .extracting(ScoredRollout::reward)
                .containsExactly(1.0, 1.0, 0.0);
        assertThat(shaped.rollouts().get(2).advantage()).isCloseTo(-2.0 / 3, within(1e-12));
        assertThat(plain.rollouts())
                .extracting(ScoredRollout::advantage)
                .containsExactlyElementsOf(
                        shaped.rollouts().stream().map(ScoredRollout::advantage).toList());
        assertThat(shaped.events().get(0).rewardParts())
                .containsOnlyKeys(plain.events().get(0).rewardParts().keySet());
    }

    @Test
    void theRegisteredLengthPenaltyReachesTheAdvantages() {
        RewardShaper lp =
                RewardShapers.registry()
                        .create("length-penalty", StrategyOptions.of("min-correct-ratio", "0.6"));
        ScoredVisit visit = score(scorer(lp));
        // 2 of 3 correct (0.667 >= 0.6): correct lengths 1 and 3, mean 2, std 1, z = −1, +1;
        // σ = 0.2689414, 0.7310586; r = 1 − 0.6·σ = 0.8386352, 0.5613648; wrong → 0.
        // drgrpo: mean 1.4/3 = 0.4666667 → A = 0.3719685, 0.0946981, −0.4666667
        List<ScoredRollout> rollouts = visit.rollouts();
        assertThat(rollouts.get(0).reward()).isCloseTo(0.8386352, within(1e-7));
        assertThat(rollouts.get(0).advantage()).isCloseTo(0.3719685, within(1e-7));
        assertThat(rollouts.get(1).advantage()).isCloseTo(0.0946981, within(1e-7));
        assertThat(rollouts.get(2).advantage()).isCloseTo(-0.4666667, within(1e-7));
        assertThat(visit.events().get(1).rewardParts())
                .containsEntry("correctness", 1.0)
                .hasEntrySatisfying(
                        "length-penalty", v -> assertThat(v).isCloseTo(-0.4386352, within(1e-7)));
    }

    @Test
    void aShaperThatAnswersForTooFewSamplesFails() {
        RewardShaper shortOne = (ShapingGroup g) -> ShapedRewards.of(new double[] {1.0});
        assertThatThrownBy(() -> score(scorer(shortOne)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 1 rewards for a group of 3");
    }

    @Test
    void aShaperPartMayNotOverwriteATaskPart() {
        RewardShaper clash =
                g ->
                        new ShapedRewards(
                                g.taskRewards(),
                                java.util.Collections.nCopies(
                                        g.size(), Map.of("correctness", 0.0)));
        assertThatThrownBy(() -> score(scorer(clash)))
                .hasMessageContaining("reward part 'correctness' is already set");
    }
}
