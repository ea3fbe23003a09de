package dev.rivulet.algo.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VL-Rethinker's selective sample replay ({@code ssr}). */
class SsrReplayTest {

    private static ReplayPolicy ssr(String alpha, String reuse) {
        return ReplayPolicies.registry()
                .create(
                        "ssr",
                        StrategyOptions.of(
                                Map.of("max-staleness", "4", "max-reuse", reuse, "alpha", alpha)));
    }

    private static BufferEntry e(String id, double a, long seq) {
        return new BufferEntry(id, 10, 0, a, seq);
    }

    @Test
    void weightsAndKeysByHand() {
        SsrReplay p = new SsrReplay(4, 1, 2.0);
        // |A|^alpha: |-0.5|^2 = 0.25, 1.5^2 = 2.25, 0 -> 0
        assertThat(p.weight(-0.5)).isEqualTo(0.25);
        assertThat(p.weight(1.5)).isEqualTo(2.25);
        assertThat(p.weight(0.0)).isZero();
        // ln(0.5) / 2 = -0.693147 / 2 = -0.346574; weight 0 never beats a positive weight
        assertThat(SsrReplay.key(0.5, 2.0)).isCloseTo(-0.346574, within(1e-6));
        assertThat(SsrReplay.key(1.0, 0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> p.weight(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new SsrReplay(4, 1, 0.0)).hasMessageContaining("'alpha'");
    }

    /**
     * The first draw of a batch is entry i with probability w_i / Σ w. By hand, alpha = 1 and |A| =
     * 0.5, 1.0, 1.5: Σ = 3, so 1/6, 2/6, 3/6; alpha = 2: 0.25, 1, 2.25, Σ = 3.5, so 0.0714, 0.2857,
     * 0.6429. Each policy version re-draws, so 20,000 versions sample the law (sd about 0.0035).
     */
    @Test
    void firstDrawFollowsAbsoluteAdvantageToTheAlpha() {
        List<BufferEntry> buffer = List.of(e("a", -0.5, 1), e("b", 1.0, 2), e("c", 1.5, 3));
        assertFrequencies(ssr("1", "1"), buffer, new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0});
        assertFrequencies(ssr("2", "1"), buffer, new double[] {0.25 / 3.5, 1 / 3.5, 2.25 / 3.5});
    }

    private static void assertFrequencies(
            ReplayPolicy p, List<BufferEntry> buffer, double[] expected) {
        int n = 20_000;
        Map<String, Integer> count = new HashMap<>();
        for (long v = 0; v < n; v++) {
            List<BufferEntry> shifted = new ArrayList<>();
            for (BufferEntry b : buffer) {
                shifted.add(new BufferEntry(b.rolloutId(), v, 0, b.advantage(), b.sequence()));
            }
            count.merge(p.decide(shifted, v, 1).train().get(0), 1, Integer::sum);
        }
        String[] ids = {"a", "b", "c"};
        for (int i = 0; i < ids.length; i++) {
            assertThat(count.getOrDefault(ids[i], 0) / (double) n)
                    .as(ids[i])
                    .isCloseTo(expected[i], within(0.015));
        }
    }

    @Test
    void zeroAdvantageRowsComeAfterEveryNonZeroOneOldestFirst() {
        List<BufferEntry> buffer =
                List.of(e("z1", 0.0, 1), e("x", 0.2, 2), e("z2", 0.0, 3), e("y", -0.1, 4));
        ReplayDecision d = ssr("1", "1").decide(buffer, 10, 3);
        assertThat(d.train()).hasSize(3);
        assertThat(d.train().subList(0, 2)).containsExactlyInAnyOrder("x", "y");
        assertThat(d.train().get(2)).isEqualTo("z1");
    }

    @Test
    void degenerateBuffers() {
        ReplayPolicy p = ssr("1", "2");
        // empty buffer
        assertThat(p.decide(List.of(), 10, 4).train()).isEmpty();
        // a group of one
        assertThat(p.decide(List.of(e("only", 0.7, 1)), 10, 4).train()).containsExactly("only");
        // an all-equal group: every advantage 0, so plain FIFO
        List<BufferEntry> flat = List.of(e("p", 0.0, 3), e("q", 0.0, 1), e("r", 0.0, 2));
        assertThat(p.decide(flat, 10, 3).train()).containsExactly("q", "r", "p");
        // equal non-zero advantages: every order equally likely, all taken when they fit
        List<BufferEntry> equal = List.of(e("p", 1.0, 3), e("q", 1.0, 1), e("r", 1.0, 2));
        assertThat(p.decide(equal, 10, 3).train()).containsExactlyInAnyOrder("p", "q", "r");
    }

    @Test
    void deterministicAndBoundedLikeFifo() {
        List<BufferEntry> buffer =
                List.of(
                        new BufferEntry("old", 1, 0, 0.9, 1),
                        new BufferEntry("used", 9, 2, 0.9, 2),
                        new BufferEntry("a", 9, 1, 0.4, 3),
                        new BufferEntry("b", 10, 0, -0.6, 4));
        ReplayPolicy p = ssr("1", "2");
        ReplayDecision d = p.decide(buffer, 10, 4);
        assertThat(d.stale()).containsExactly("old");
        assertThat(d.exhausted()).containsExactly("used");
        assertThat(d.train()).containsExactlyInAnyOrder("a", "b");
        assertThat(d.lastUse()).containsExactly("a");
        assertThat(p.decide(buffer, 10, 4)).isEqualTo(d);
    }
}
