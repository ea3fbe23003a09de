package dev.rivulet.algo.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** MMR1's variance-aware sampling ({@code vas}). */
class VasSelectorTest {

    /** A generator that returns the given doubles in turn. */
    private static final class Script implements RandomGenerator {
        private final double[] values;
        private int next;

        Script(double... values) {
            this.values = values;
        }

        @Override
        public double nextDouble() {
            return values[next++];
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    private static VasSelector vas(String mix) {
        return (VasSelector)
                PromptSelectors.registry().create("vas", StrategyOptions.of("mix", mix));
    }

    /** p = 0.5, 0.1, 0.9, 0: OVS 0.25, 0.09, 0.09, 0; min-max weights 1, 0.36, 0.36, 0. */
    private static List<Candidate> pool() {
        return List.of(
                Candidate.ofValue("a", 0.5),
                Candidate.ofValue("b", 0.1),
                Candidate.ofValue("c", 0.9),
                Candidate.ofValue("d", 0.0));
    }

    @Test
    void weightsByHand() {
        // 0.1 * 0.9 = 0.09; (0.09 - 0) / (0.25 - 0) = 0.36
        assertThat(VasSelector.weights(pool()))
                .containsExactly(new double[] {1.0, 0.36, 0.36, 0.0}, within(1e-12));
        assertThat(VasSelector.ovs(Double.NaN)).isEqualTo(0.25);
        assertThatThrownBy(() -> VasSelector.ovs(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new VasSelector(1.2)).hasMessageContaining("'mix'");
    }

    /**
     * u = 1 − nextDouble = 0.5, 0.9, 0.5, 0.1. Keys ln(u)/w: a ln 0.5 / 1 = −0.6931; b ln 0.9 /
     * 0.36 = −0.10536 / 0.36 = −0.2927; c ln 0.5 / 0.36 = −1.9254; d (w = 0) −∞. Largest first: b,
     * a, c, d.
     */
    @Test
    void weightedDrawByHand() {
        VasSelector s = vas("1");
        assertThat(s.select(pool(), 2, new Script(0.5, 0.1, 0.5, 0.9)).promptIds())
                .containsExactly("b", "a");
        assertThat(s.select(pool(), 4, new Script(0.5, 0.1, 0.5, 0.9)).promptIds())
                .containsExactly("b", "a", "c", "d");
    }

    /** One weighted draw: P = w / Σ w = 1/1.72 = 0.5814 for a, 0.36/1.72 = 0.2093 for b and c. */
    @Test
    void singleDrawFrequenciesFollowTheNormalisedScore() {
        VasSelector s = vas("1");
        SplittableRandom rng = new SplittableRandom(5);
        int[] counts = new int[4];
        int draws = 30_000;
        for (int i = 0; i < draws; i++) {
            counts[s.select(pool(), 1, rng).promptIds().get(0).charAt(0) - 'a']++;
        }
        assertThat(counts[0] / (double) draws).isCloseTo(1 / 1.72, within(0.015));
        assertThat(counts[1] / (double) draws).isCloseTo(0.36 / 1.72, within(0.015));
        assertThat(counts[2] / (double) draws).isCloseTo(0.36 / 1.72, within(0.015));
        assertThat(counts[3]).isZero();
    }

    @Test
    void mixOfHalfInterleavesWeightedAndUniformParts() {
        List<Candidate> pool =
                List.of(
                        Candidate.ofValue("p0", 0.5),
                        Candidate.ofValue("p1", 0.0),
                        Candidate.ofValue("p2", 1.0),
                        Candidate.ofValue("p3", 0.3),
                        Candidate.ofValue("p4", 0.7),
                        Candidate.ofValue("p5", 0.0));
        SelectorState start = SelectorState.start(42);
        Selection uniform = new UniformSelector().select(pool, 2, start, new SplittableRandom(1));
        Selection got = vas("0.5").select(pool, 4, start, new SplittableRandom(1));
        // floor(0.5 * 4) = 2 weighted (positions 0, 2), 2 uniform (positions 1, 3)
        assertThat(got.promptIds()).hasSize(4).doesNotHaveDuplicates();
        assertThat(List.of(got.promptIds().get(1), got.promptIds().get(3)))
                .isEqualTo(uniform.promptIds());
        assertThat(got.next()).isEqualTo(uniform.next());
        // mix 0: exactly uniform
        assertThat(vas("0").select(pool, 4, start, new SplittableRandom(1)).promptIds())
                .isEqualTo(
                        new UniformSelector()
                                .select(pool, 4, start, new SplittableRandom(1))
                                .promptIds());
    }

    @Test
    void degenerateCases() {
        VasSelector s = vas("0.5");
        SplittableRandom rng = new SplittableRandom(3);
        // empty pool, M = 0
        assertThat(s.select(List.of(), 4, rng).promptIds()).isEmpty();
        assertThat(s.select(pool(), 0, rng).promptIds()).isEmpty();
        // a pool of one, M larger than the pool: every prompt once
        assertThat(s.select(List.of(Candidate.ofValue("x", 0.4)), 3, rng).promptIds())
                .containsExactly("x");
        assertThat(s.select(pool(), 9, rng).promptIds())
                .containsExactlyInAnyOrder("a", "b", "c", "d");
        // all-equal scores (here all unknown): every weight 1, i.e. uniform
        List<Candidate> unknown = List.of(Candidate.of("u"), Candidate.of("v"));
        assertThat(VasSelector.weights(unknown)).containsExactly(1.0, 1.0);
        assertThat(VasSelector.weights(List.of(Candidate.ofValue("w", 1.0)))).containsExactly(1.0);
    }
}
