package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.advantage.AdvantageEstimator;
import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.advantage.AdvantageInput;
import dev.rivulet.algo.advantage.AdvantageResult;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A strategy's per-token advantages reach the train rows (and from there the learner). */
class RolloutScorerTokenAdvantagesTest {

    /** GRPO plus a per-token vector: the scalar on the last token only. */
    private static final AdvantageEstimator LAST_TOKEN =
            new AdvantageEstimator() {
                final AdvantageEstimator grpo = AdvantageEstimators.registry().create("grpo");

                @Override
                public boolean needsGroup() {
                    return true;
                }

                @Override
                public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
                    AdvantageResult r = grpo.estimate(input, rng);
                    List<float[]> perToken = new ArrayList<>();
                    for (int i = 0; i < r.size(); i++) {
                        float[] t = new float[input.feature(i).length()];
                        t[t.length - 1] = (float) r.advantage(i);
                        perToken.add(t);
                    }
                    return r.withTokenAdvantages(perToken);
                }
            };

    private static Completion completion(int index, String text, int[] tokens) {
        float[] lp = new float[tokens.length];
        java.util.Arrays.fill(lp, -0.5f);
        return new Completion(
                "r", "p", index, new int[] {1}, tokens, lp, text, 3, FinishReason.STOP);
    }

    private static List<ScoredRollout> score(AdvantageEstimator estimator) {
        return score(estimator, new int[] {7, 8}, new int[] {4, 4, 4});
    }

    /** Scores "2" (correct for the prompt, reward 1) with {@code right}, "x" with {@code wrong}. */
    private static List<ScoredRollout> score(
            AdvantageEstimator estimator, int[] right, int[] wrong) {
        TaskRegistry tasks = TaskRegistry.builtIn();
        RolloutScorer scorer =
                new RolloutScorer(
                        ValueTrackers.registry().create("reward-history"),
                        estimator,
                        t -> RewardFunctions.create(tasks.rewardId(t)),
                        false);
        PromptState state =
                PromptState.fresh(
                        LoopTestData.prompt("p", 1),
                        ValueTrackers.registry().create("reward-history").initial());
        return scorer.score(
                        state,
                        List.of(completion(0, "2", right), completion(1, "x", wrong)),
                        0.0,
                        0,
                        0,
                        new SplittableRandom(1))
                .rollouts();
    }

    @Test
    void perTokenAdvantagesTravelOnTheTrainRows() {
        List<ScoredRollout> rows = score(LAST_TOKEN);
        // grpo of [1, 0]: ±1/sqrt(0.5) = ±0.7071
        assertThat(rows.get(0).tokenAdvantages()).hasSize(2);
        assertThat(rows.get(0).tokenAdvantages()[0]).isZero();
        assertThat((double) rows.get(0).tokenAdvantages()[1])
                .isCloseTo(rows.get(0).advantage(), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(rows.get(1).tokenAdvantages()).hasSize(3);
        assertThat(rows.get(1).advantageAt(2)).isLessThan(0);
        assertThat(rows.get(1).advantageAt(0)).isZero();
        assertThat(rows.get(0).groupId()).isEqualTo(rows.get(1).groupId()).isEqualTo("r");
    }

    @Test
    void gtpoAndTempoReadTheCompletionsTokensInTheLoop() {
        // rewards [1, 0]: A± = ±0.7071; both responses start with token 7
        double a = 0.5 / (Math.sqrt(0.5) + 1e-6);
        int[] right = {7, 8};
        int[] wrong = {7, 9, 4};
        // gtpo: 7 is a conflict token: 0 in the wrong row, 2A in the right one
        List<ScoredRollout> gtpo =
                score(AdvantageEstimators.registry().create("gtpo"), right, wrong);
        assertThat((double) gtpo.get(0).advantageAt(0))
                .isCloseTo(2 * a, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(gtpo.get(1).advantageAt(0)).isZero();
        assertThat((double) gtpo.get(1).advantageAt(1))
                .isCloseTo(-a, org.assertj.core.api.Assertions.within(1e-6));
        // tempo: the prefix [7] branches (8 | 9): 8 gets A + (1 - 0.5), 9 gets -A + (0 - 0.5)
        List<ScoredRollout> tempo =
                score(AdvantageEstimators.registry().create("tempo"), right, wrong);
        assertThat((double) tempo.get(0).advantageAt(1))
                .isCloseTo(a + 0.5, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) tempo.get(1).advantageAt(1))
                .isCloseTo(-a - 0.5, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) tempo.get(1).advantageAt(2))
                .isCloseTo(-a, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void scalarStrategiesSendNoPerTokenVector() {
        for (ScoredRollout r : score(AdvantageEstimators.registry().create("grpo"))) {
            assertThat(r.hasTokenAdvantages()).isFalse();
        }
    }

    @Test
    void aVectorPerSampleIsRequired() {
        AdvantageResult r = new AdvantageResult(new double[] {1, -1}, false, 2, 0, 0, 0.5);
        assertThatThrownBy(() -> r.withTokenAdvantages(List.of(new float[] {1f})))
                .hasMessageContaining("tokenAdvantages has 1 samples, advantages 2");
    }
}
