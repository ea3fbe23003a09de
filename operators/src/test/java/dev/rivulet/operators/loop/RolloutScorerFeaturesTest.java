package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.advantage.AdvantageEstimator;
import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.advantage.AdvantageInput;
import dev.rivulet.algo.advantage.AdvantageResult;
import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The per-sample features the scorer hands to the advantage estimator. */
class RolloutScorerFeaturesTest {

    /** Records the input it is given and answers as grpo does. */
    private static final class Recording implements AdvantageEstimator {
        final List<AdvantageInput> inputs = new ArrayList<>();
        final AdvantageEstimator grpo = AdvantageEstimators.registry().create("grpo");

        @Override
        public boolean needsGroup() {
            return true;
        }

        @Override
        public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
            inputs.add(input);
            return grpo.estimate(input, rng);
        }
    }

    private final int[] tokensA = {7, 8, 9};
    private final float[] logprobsA = {-0.25f, -0.5f, -1f};
    private final float[] entropiesA = {1.5f, 0.75f, 0f};

    private List<Completion> group() {
        return List.of(
                new Completion(
                        "r",
                        "p",
                        0,
                        new int[] {1},
                        tokensA,
                        logprobsA,
                        "2",
                        3,
                        FinishReason.STOP,
                        entropiesA),
                // no entropies from the server, cut at the length limit
                new Completion(
                        "r",
                        "p",
                        1,
                        new int[] {1},
                        new int[] {4, 4},
                        new float[] {-2f, -0.125f},
                        "x",
                        3,
                        FinishReason.LENGTH));
    }

    private static AdvantageInput scoreAndCapture(List<Completion> group) {
        Recording estimator = new Recording();
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
        scorer.score(state, group, 0.0, 0, 0, new SplittableRandom(1));
        assertThat(estimator.inputs).hasSize(1);
        return estimator.inputs.get(0);
    }

    @Test
    void theEstimatorGetsEachSamplesFeaturesInSampleOrder() {
        AdvantageInput input = scoreAndCapture(group());
        assertThat(input.rewards()).containsExactly(1.0, 0.0);
        assertThat(input.hasFeatures()).isTrue();
        assertThat(input.features()).hasSize(2);

        SampleFeatures a = input.feature(0);
        assertThat(a.responseTokens()).containsExactly(7, 8, 9);
        assertThat(a.behaviourLogprobs()).containsExactly(-0.25f, -0.5f, -1f);
        assertThat(a.sequenceLogprob()).isCloseTo(-1.75, within(1e-12));
        assertThat(a.length()).isEqualTo(3);
        assertThat(a.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(a.hasEntropies()).isTrue();
        assertThat(a.entropies()).containsExactly(1.5f, 0.75f, 0f);
        // the completion's policy version is the clock of scheduled strategies (d3s)
        assertThat(a.policyVersion()).isEqualTo(3L);

        SampleFeatures b = input.feature(1);
        assertThat(b.responseTokens()).containsExactly(4, 4);
        assertThat(b.sequenceLogprob()).isCloseTo(-2.125, within(1e-12));
        assertThat(b.length()).isEqualTo(2);
        assertThat(b.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(b.hasEntropies()).isFalse();
        assertThat(b.entropies()).isEmpty();
    }

    @Test
    void theFeaturesAreDefensiveCopies() {
        AdvantageInput input = scoreAndCapture(group());
        // the completions' arrays are the caller's: changing them changes nothing captured
        tokensA[0] = 99;
        logprobsA[0] = 99f;
        entropiesA[0] = 99f;
        SampleFeatures a = input.feature(0);
        // nor does changing what an accessor returned
        a.responseTokens()[1] = 99;
        a.behaviourLogprobs()[1] = 99f;
        a.entropies()[1] = 99f;
        assertThat(a.responseTokens()).containsExactly(7, 8, 9);
        assertThat(a.behaviourLogprobs()).containsExactly(-0.25f, -0.5f, -1f);
        assertThat(a.entropies()).containsExactly(1.5f, 0.75f, 0f);

        int[] tokens = {1, 2};
        float[] lp = {-1f, -1f};
        SampleFeatures f = new SampleFeatures(tokens, lp, new float[0], FinishReason.STOP);
        tokens[0] = 5;
        lp[0] = 5f;
        assertThat(f.responseTokens()).containsExactly(1, 2);
        assertThat(f.behaviourLogprobs()).containsExactly(-1f, -1f);

        List<SampleFeatures> list = new ArrayList<>(List.of(f));
        AdvantageInput in = AdvantageInput.group(1.0).withFeatures(list);
        list.clear();
        assertThat(in.features()).containsExactly(f);
    }
}
