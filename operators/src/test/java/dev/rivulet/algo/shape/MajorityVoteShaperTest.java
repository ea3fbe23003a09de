package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.ShapingTestData.PROMPT;
import static dev.rivulet.algo.shape.ShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.RewardBreakdown;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MajorityVoteShaperTest {

    private final RewardShaper shaper = RewardShapers.registry().create("majority-vote");

    /** Responses to {@code prompt}, each with task reward 1 when it is one of {@code right}. */
    private static ShapingGroup group(Prompt prompt, List<String> right, String... texts) {
        List<ShapingSample> samples = new ArrayList<>();
        for (String t : texts) {
            samples.add(sample(right.contains(t) ? 1 : 0, t.length(), 0, t));
        }
        return new ShapingGroup(prompt, samples);
    }

    private static double part(ShapedRewards s, int i, String name) {
        return s.parts().get(i).get(name);
    }

    @Test
    void rewardsComputedByHand() {
        // arith answers: "46", "+46", "046" all read 46 (the majority, 3 of 5); "45", "44" not.
        // character bigrams (n = 2): "46" → {46} (as short as n: itself), "+46" → {+4, 46},
        // "046" → {04, 46}, "45" → {45}, "44" → {44}.
        // Jaccard: 46/+46 = 1/2, 46/046 = 1/2, +46/046 = |{46}|/|{+4,46,04}| = 1/3, others 0.
        // majority band (alpha = 0.5; mean over the band, max over all others):
        //   u(46)  = 1 − (0.5·(1/2+1/2)/2 + 0.5·1/2) = 1 − 1/2 = 1/2
        //   u(+46) = 1 − (0.5·(1/2+1/3)/2 + 0.5·1/2) = 1 − (5/24 + 6/24) = 13/24; u(046) = 13/24
        //   min-max: 46 → 0.5 + 0.5·0 = 0.5; +46, 046 → 0.5 + 0.5·1 = 1
        // other band: u(45) = u(44) = 1 − (0.5·0 + 0.5·0) = 1, equal → midpoint −0.75
        ShapedRewards s =
                shaper.shape(
                        group(PROMPT, List.of("46", "+46", "046"), "46", "+46", "046", "45", "44"));
        assertThat(s.rewards()).containsExactly(0.5, 1.0, 1.0, -0.75, -0.75);
        assertThat(part(s, 1, MajorityVoteShaper.NOVELTY)).isCloseTo(13.0 / 24, within(1e-12));
        assertThat(part(s, 0, MajorityVoteShaper.MAJORITY)).isEqualTo(1.0);
        assertThat(part(s, 3, MajorityVoteShaper.MAJORITY)).isEqualTo(0.0);
        assertThat(part(s, 4, MajorityVoteShaper.MAJORITY_CORRECT)).isEqualTo(1.0);
    }

    @Test
    void aGroupWithoutAClearMajorityAbstainsUnderTheGate() {
        // the hand-computed group: 3 of 5 give 46 (share 0.6)
        String[] texts = {"46", "+46", "046", "45", "44"};
        ShapingGroup g = group(PROMPT, List.of("46", "+46", "046"), texts);
        RewardShaper gated =
                RewardShapers.registry()
                        .create("majority-vote", StrategyOptions.of("min-agreement", "0.7"));
        ShapedRewards s = gated.shape(g);
        assertThat(s.rewards()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(part(s, 0, MajorityVoteShaper.ABSTAINED)).isEqualTo(1.0);
        // at 0.6 the 3 of 5 pass (3 ≥ 0.6·5) and the paper's rewards come back
        ShapedRewards kept =
                RewardShapers.registry()
                        .create("majority-vote", StrategyOptions.of("min-agreement", "0.6"))
                        .shape(g);
        assertThat(kept.rewards()).containsExactly(0.5, 1.0, 1.0, -0.75, -0.75);
        assertThat(part(kept, 0, MajorityVoteShaper.ABSTAINED)).isEqualTo(0.0);
    }

    @Test
    void withoutNoveltyEachBandGetsItsMidpoint() {
        ShapedRewards s =
                RewardShapers.registry()
                        .create("majority-vote", StrategyOptions.of("novelty-weight", "0"))
                        .shape(
                                group(
                                        PROMPT,
                                        List.of("46", "+46", "046"),
                                        "46",
                                        "+46",
                                        "046",
                                        "45",
                                        "44",
                                        ""));
        // majority 0.75, other answers −0.75, the empty response −1 (no answer)
        assertThat(s.rewards()).containsExactly(0.75, 0.75, 0.75, -0.75, -0.75, -1.0);
        // half weight: 0.75 + 0.5·(r − 0.75): 46 → 0.625, +46/046 → 0.875
        ShapedRewards half =
                RewardShapers.registry()
                        .create("majority-vote", StrategyOptions.of("novelty-weight", "0.5"))
                        .shape(
                                group(
                                        PROMPT,
                                        List.of("46", "+46", "046"),
                                        "46",
                                        "+46",
                                        "046",
                                        "45",
                                        "44"));
        assertThat(half.rewards()).containsExactly(0.625, 0.875, 0.875, -0.75, -0.75);
    }

    @Test
    void theReferenceAnswerNeverChangesTheReward() {
        // the same responses when the reference is 45: the majority (46) is now wrong; the rewards
        // stay, only the telemetry part says so
        Prompt other = new Prompt("q", "arith", 1, "12+33=", "45");
        String[] texts = {"46", "46", "45", "x"};
        ShapedRewards right = shaper.shape(group(PROMPT, List.of("46"), texts));
        ShapedRewards wrong = shaper.shape(group(other, List.of("45"), texts));
        // "46" twice: identical, u = 0 each, equal → 0.75; "45" alone in its band → −0.5; "x" → −1
        assertThat(right.rewards()).containsExactly(0.75, 0.75, -0.5, -1.0);
        assertThat(wrong.rewards()).containsExactly(right.rewards());
        assertThat(part(right, 0, MajorityVoteShaper.MAJORITY_CORRECT)).isEqualTo(1.0);
        assertThat(part(wrong, 0, MajorityVoteShaper.MAJORITY_CORRECT)).isEqualTo(0.0);
    }

    @Test
    void aTieGoesToTheAnswerSeenFirst() {
        assertThat(MajorityVoteShaper.majority(new String[] {null, "45", "46", "46", "45"}))
                .isEqualTo("45");
        // one each: "45" is the majority (lone → 1), "46" the lone other answer (→ −0.5)
        assertThat(shaper.shape(group(PROMPT, List.of("46"), "45", "46")).rewards())
                .containsExactly(1.0, -0.5);
    }

    @Test
    void countdownAnswersAreTheValuesReached() {
        // 25+3*7 and 3*7+25 both reach 46: they are the majority; 25+3 reaches 28
        Prompt cd = new Prompt("c", "countdown", 3, "cd 3 7 25 46=", "25+3*7");
        ShapedRewards s =
                shaper.shape(group(cd, List.of("25+3*7", "3*7+25"), "25+3*7", "3*7+25", "25+3"));
        assertThat(part(s, 0, MajorityVoteShaper.MAJORITY)).isEqualTo(1.0);
        assertThat(part(s, 1, MajorityVoteShaper.MAJORITY)).isEqualTo(1.0);
        assertThat(s.reward(2)).isEqualTo(-0.5);
    }

    @Test
    void degenerateGroups() {
        // a group of one: its own majority (lone → 1); unreadable or empty → −1
        assertThat(shaper.shape(group(PROMPT, List.of("46"), "46")).rewards()).containsExactly(1.0);
        assertThat(shaper.shape(group(PROMPT, List.of(), "")).rewards()).containsExactly(-1.0);
        // all equal: identical texts, u = 0 each, equal → 0.75 each (GRPO gives them all 0)
        assertThat(shaper.shape(group(PROMPT, List.of(), "46", "46", "46")).rewards())
                .containsExactly(0.75, 0.75, 0.75);
        // no readable answer at all: no majority, −1 each, and the majority is not "correct"
        ShapedRewards none = shaper.shape(group(PROMPT, List.of(), "x", "", "4 6"));
        assertThat(none.rewards()).containsExactly(-1.0, -1.0, -1.0);
        assertThat(part(none, 0, MajorityVoteShaper.MAJORITY_CORRECT)).isEqualTo(0.0);
        // one readable answer among unreadable ones: it is the majority (1), the rest −1
        assertThat(shaper.shape(group(PROMPT, List.of("46"), "x", "46", "")).rewards())
                .containsExactly(-1.0, 1.0, -1.0);
    }

    @Test
    void alphaWeighsMeanAgainstMax() {
        // alpha = 1: u = 1 − mean over the band. Same group as the hand-computed case:
        // u(46) = 1 − 1/2 = 1/2, u(+46) = u(046) = 1 − 5/12 = 7/12 → 0.5, 1, 1 again, but the
        // part shows the new novelty
        RewardShaper meanOnly =
                RewardShapers.registry().create("majority-vote", StrategyOptions.of("alpha", "1"));
        ShapedRewards s =
                meanOnly.shape(group(PROMPT, List.of("46"), "46", "+46", "046", "45", "44"));
        assertThat(s.rewards()).containsExactly(0.5, 1.0, 1.0, -0.75, -0.75);
        assertThat(part(s, 1, MajorityVoteShaper.NOVELTY)).isCloseTo(7.0 / 12, within(1e-12));
    }

    @Test
    void similarityOfTexts() {
        assertThat(MajorityVoteShaper.grams("  25 +  3 ", 2))
                .containsExactlyInAnyOrder("25", "5 ", " +", "+ ", " 3");
        assertThat(MajorityVoteShaper.grams("", 2)).isEmpty();
        assertThat(
                        MajorityVoteShaper.jaccard(
                                MajorityVoteShaper.grams("", 2), MajorityVoteShaper.grams(" ", 2)))
                .isEqualTo(1.0);
        assertThat(
                        MajorityVoteShaper.jaccard(
                                MajorityVoteShaper.grams("abc", 2),
                                MajorityVoteShaper.grams("bcd", 2)))
                .isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> new MajorityVoteShaper(1.5, 2))
                .hasMessageContaining("alpha must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new MajorityVoteShaper(0.5, 0))
                .hasMessageContaining("ngram must be >= 1, got 0");
    }

    /**
     * A sample whose response is {@code tokens} with sequence log-prob ln {@code p} (all of it on
     * the first token), task reward 1 when its text is "46".
     */
    private static ShapingSample weighted(String text, int[] tokens, double p) {
        float[] lp = new float[tokens.length];
        lp[0] = (float) Math.log(p);
        return new ShapingSample(
                RewardBreakdown.correctness("46".equals(text) ? 1 : 0),
                new SampleFeatures(tokens, lp, new float[0], FinishReason.STOP, 0),
                text);
    }

    private final RewardShaper massVote =
            RewardShapers.registry().create("majority-vote", StrategyOptions.of("vote", "mass"));

    @Test
    void theMassVoteAnchorsOnTheMostProbableAnswerNotTheMostFrequent() {
        // 46 is sampled three times (one response, p = 0.2), 45 once (p = 0.3), 44 once (0.1).
        // count vote: 46 (3 of 5). mass vote, each distinct response once: 45 = 0.3 > 46 = 0.2 >
        // 44 = 0.1 (counting the repeats would give 46 0.6 and flip it).
        List<ShapingSample> samples =
                List.of(
                        weighted("45", new int[] {1, 2}, 0.3),
                        weighted("46", new int[] {3, 4}, 0.2),
                        weighted("46", new int[] {3, 4}, 0.2),
                        weighted("46", new int[] {3, 4}, 0.2),
                        weighted("44", new int[] {5, 6}, 0.1));
        ShapingGroup g = new ShapingGroup(PROMPT, samples);
        assertThat(shaper.shape(g).rewards()[1]).isEqualTo(0.75); // count: 46 is the anchor

        ShapedRewards s = massVote.shape(g);
        // majority band {45}: a lone member gets 1. Other band {46, 46, 46, 44}, bigrams {46} x3,
        // {44}; no answered sample shares a bigram with 45:
        //   u(46) = 1 − (0.5·mean(1, 1, 0) + 0.5·max(0, 1, 1, 0)) = 1 − (1/3 + 1/2) = 1/6
        //   u(44) = 1 − (0.5·mean(0, 0, 0) + 0.5·0) = 1
        //   min-max inside the band: 46 → −1 + 0.5·0 = −1; 44 → −1 + 0.5·1 = −0.5
        assertThat(s.rewards()).containsExactly(1.0, -1.0, -1.0, -1.0, -0.5);
        assertThat(part(s, 0, MajorityVoteShaper.MAJORITY)).isEqualTo(1.0);
        assertThat(part(s, 1, MajorityVoteShaper.MAJORITY)).isEqualTo(0.0);
        // telemetry: the mass anchor (45) is wrong here
        assertThat(part(s, 0, MajorityVoteShaper.MAJORITY_CORRECT)).isEqualTo(0.0);
        assertThat(part(s, 1, MajorityVoteShaper.NOVELTY)).isCloseTo(1.0 / 6, within(1e-6));
    }

    @Test
    void theMassVoteSumsDistinctResponsesOfOneAnswer() {
        // 46 written two ways: "46" (p = 0.2, twice) and "+46" (p = 0.15): 0.35 > 45's 0.3
        List<ShapingSample> samples =
                List.of(
                        weighted("45", new int[] {1, 2}, 0.3),
                        weighted("46", new int[] {3, 4}, 0.2),
                        weighted("46", new int[] {3, 4}, 0.2),
                        weighted("+46", new int[] {7, 3, 4}, 0.15));
        String[] answers = {"45", "46", "46", "46"};
        assertThat(MajorityVoteShaper.massMajority(new ShapingGroup(PROMPT, samples), answers))
                .isEqualTo("46");
        // without the second spelling 45 wins (0.3 > 0.2)
        assertThat(
                        MajorityVoteShaper.massMajority(
                                new ShapingGroup(PROMPT, samples.subList(0, 3)),
                                new String[] {"45", "46", "46"}))
                .isEqualTo("45");
        // equal mass: the answer seen first; no readable answer: none
        List<ShapingSample> tie =
                List.of(weighted("44", new int[] {5}, 0.25), weighted("46", new int[] {3}, 0.25));
        assertThat(
                        MajorityVoteShaper.massMajority(
                                new ShapingGroup(PROMPT, tie), new String[] {"44", "46"}))
                .isEqualTo("44");
        assertThat(
                        MajorityVoteShaper.massMajority(
                                new ShapingGroup(PROMPT, tie), new String[] {null, null}))
                .isNull();
    }
}
