package dev.rivulet.algo.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThompsonSelectorTest {

    private static List<Candidate> pool() {
        List<Candidate> out = new ArrayList<>();
        out.add(Candidate.ofBeta("easy", 40, 1)); // p ≈ 0.98
        out.add(Candidate.ofBeta("hard", 1, 40)); // p ≈ 0.02
        out.add(Candidate.ofBeta("even", 20, 20)); // p ≈ 0.5
        out.add(Candidate.ofBeta("unknown", 1, 1)); // anything
        out.add(Candidate.ofBeta("mid", 6, 4)); // p ≈ 0.6
        return out;
    }

    @Test
    void prefersPromptsNearEvenOdds() {
        PromptSelector selector = PromptSelectors.registry().create("thompson");
        SplittableRandom rng = new SplittableRandom(2024);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            Selection s = selector.select(pool(), 2, rng);
            assertThat(s.promptIds()).hasSize(2).doesNotHaveDuplicates();
            s.promptIds().forEach(id -> counts.merge(id, 1, Integer::sum));
        }
        assertThat(counts.getOrDefault("even", 0)).isGreaterThan(400);
        assertThat(counts.getOrDefault("easy", 0)).isZero();
        assertThat(counts.getOrDefault("hard", 0)).isZero();
        assertThat(counts.get("mid")).isGreaterThan(counts.getOrDefault("unknown", 0) / 2);
    }

    @Test
    void skewHardRanksDifferentlyFromDistance() {
        // posteriors so tight that every draw is within 0.01 of its mean: p = 0.6 and p = 0.35.
        // distance: |0.6 - 0.5| = 0.10 < 0.15 = |0.35 - 0.5|, so 0.6 first;
        // skew-hard: 0.6 * 0.4^2 = 0.096 < 0.148 = 0.35 * 0.65^2, so 0.35 first.
        List<Candidate> pool =
                List.of(
                        Candidate.ofBeta("above", 60_000, 40_000),
                        Candidate.ofBeta("below", 35_000, 65_000));
        PromptSelector distance = PromptSelectors.registry().create("thompson");
        PromptSelector skew =
                PromptSelectors.registry()
                        .create("thompson", StrategyOptions.of("score", "skew-hard"));
        for (int seed = 0; seed < 20; seed++) {
            assertThat(distance.select(pool, 1, new SplittableRandom(seed)).promptIds())
                    .containsExactly("above");
            assertThat(skew.select(pool, 1, new SplittableRandom(seed)).promptIds())
                    .containsExactly("below");
        }
        Selection a = skew.select(pool(), 3, new SplittableRandom(9));
        Selection b = skew.select(pool(), 3, new SplittableRandom(9));
        assertThat(a.promptIds()).isEqualTo(b.promptIds()).doesNotContain("easy");
    }

    @Test
    void smallPoolsAndBadPosteriors() {
        PromptSelector selector = PromptSelectors.registry().create("thompson");
        assertThat(selector.select(pool(), 10, new SplittableRandom(1)).promptIds()).hasSize(5);
        assertThatThrownBy(
                        () ->
                                selector.select(
                                        List.of(Candidate.of("x")), 1, new SplittableRandom(1)))
                .hasMessageContaining("alpha > 0");
        assertThatThrownBy(
                        () ->
                                PromptSelectors.registry()
                                        .create("thompson", StrategyOptions.of("score", "ucb")))
                .hasMessageContaining("thompson")
                .hasMessageContaining("one of distance, skew-hard, got 'ucb'");
    }
}
