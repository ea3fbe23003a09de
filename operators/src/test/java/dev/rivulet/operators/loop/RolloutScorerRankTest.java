package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.advantage.RankedTokens;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.algo.reward.SortReward;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sort reward's per-rank hits reach the {@code rank} advantage through the loop. */
class RolloutScorerRankTest {

    private static final Prompt SORT = new Prompt("s", "sort", 3, "sort 3 1 2=", "1 2 3");

    /** One token per character, plus a stop token when {@code stopped}. */
    private static Completion completion(int index, String text, boolean stopped) {
        int n = text.length() + (stopped ? 1 : 0);
        float[] lp = new float[n];
        Arrays.fill(lp, -0.5f);
        return new Completion(
                "r",
                SORT.id(),
                index,
                new int[] {1},
                new int[n],
                lp,
                text,
                0,
                stopped ? FinishReason.STOP : FinishReason.LENGTH);
    }

    private static List<ScoredRollout> score(Prompt prompt, List<Completion> group) {
        RolloutScorer scorer =
                new RolloutScorer(
                        ValueTrackers.registry().create("reward-history"),
                        AdvantageEstimators.registry().create("rank"),
                        t -> RewardFunctions.create(t.equals("sort") ? "sort" : "arith"),
                        false);
        PromptState state =
                PromptState.fresh(
                        prompt, ValueTrackers.registry().create("reward-history").initial());
        return scorer.score(state, group, 0.0, 0, 0, new SplittableRandom(1)).rollouts();
    }

    @Test
    void sortResponsesGetPerRankTokenAdvantages() {
        // the group of RankAdvantageTest's hand example: "1 2 3", "1 3 2", "2 1" (+ stop token)
        List<ScoredRollout> rows =
                score(
                        SORT,
                        List.of(
                                completion(0, "1 2 3", true),
                                completion(1, "1 3 2", true),
                                completion(2, "2 1", true)));
        double a = 0.577250;
        double b = 1.154501;
        assertThat(floats(rows.get(0).tokenAdvantages()))
                .containsExactly(new double[] {a, a, b, b, b, 0.1}, within(1e-5));
        assertThat(floats(rows.get(2).tokenAdvantages()))
                .containsExactly(new double[] {-b, -b, -a, -0.1}, within(1e-5));
        assertThat(rows.get(0).reward()).isEqualTo(1.0);
    }

    @Test
    void tokensThatAreNotOneCharacterEachFallBackToGrpo() {
        // "1 2 3" in 3 tokens: no alignment, so the group gets GRPO's scalars
        Completion multi =
                new Completion(
                        "r",
                        SORT.id(),
                        0,
                        new int[] {1},
                        new int[3],
                        new float[3],
                        "1 2 3",
                        0,
                        FinishReason.LENGTH);
        List<ScoredRollout> rows = score(SORT, List.of(multi, completion(1, "3 2 1", true)));
        assertThat(rows.get(0).hasTokenAdvantages()).isFalse();
        assertThat(rows.get(0).advantage()).isCloseTo(0.707106, within(1e-5));
    }

    @Test
    void aNonListTaskGetsGrpo() {
        Prompt arith = LoopTestData.prompt("p", 1);
        List<ScoredRollout> rows =
                score(arith, List.of(completion(0, "2", true), completion(1, "3", true)));
        assertThat(rows.get(0).hasTokenAdvantages()).isFalse();
        assertThat(rows.get(0).advantage()).isCloseTo(0.707106, within(1e-5));
        assertThat(rows.get(1).advantage()).isCloseTo(-0.707106, within(1e-5));
    }

    @Test
    void alignmentMapsCharactersToTokensAndTheStopTokenToEnd() {
        SortReward sort = new SortReward();
        RankedTokens stopped =
                RankAlignment.of(completion(0, "1 3", true), sort.listHits("1 3", SORT));
        assertThat(stopped.tokenRank()).containsExactly(0, 0, 1, RankedTokens.END);
        assertThat(stopped.hits()).containsExactly(1, 0, 0);
        RankedTokens cut =
                RankAlignment.of(completion(0, "1 3", false), sort.listHits("1 3", SORT));
        assertThat(cut.tokenRank()).containsExactly(0, 0, 1);
        List<Completion> group = new ArrayList<>(List.of(completion(0, "1 2 3", true)));
        assertThat(CompletionFeatures.of(group, sort, SORT).get(0).hasRanks()).isTrue();
        assertThat(
                        CompletionFeatures.of(group, RewardFunctions.create("arith"), SORT)
                                .get(0)
                                .hasRanks())
                .isFalse();
    }

    private static double[] floats(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
