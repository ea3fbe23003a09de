package dev.rivulet.algo.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayLimitsTest {

    private static final List<Comparator<BufferEntry>> ORDERS =
            List.of(
                    Comparator.comparingInt(BufferEntry::timesUsed)
                            .thenComparingLong(BufferEntry::sequence),
                    Comparator.comparingDouble((BufferEntry e) -> Math.abs(e.advantage()))
                            .thenComparingLong(BufferEntry::policyVersion)
                            .thenComparingLong(BufferEntry::sequence)
                            .reversed());

    @Test
    void firstKIsTheHeadOfTheFullSortForRandomBuffers() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(700);
            List<BufferEntry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // few distinct leading keys, so the tie-breaks decide most comparisons
                entries.add(
                        new BufferEntry(
                                "r" + i,
                                rnd.nextInt(4),
                                rnd.nextInt(3),
                                rnd.nextInt(5) - 2,
                                rnd.nextInt(1_000_000) * 1000L + i));
            }
            java.util.Collections.shuffle(entries, rnd);
            int k = List.of(0, 1, 7, 256, 1000).get(rnd.nextInt(5));
            for (Comparator<BufferEntry> order : ORDERS) {
                List<BufferEntry> sorted = new ArrayList<>(entries);
                sorted.sort(order);
                assertThat(ReplayLimits.first(entries, k, order))
                        .as("n=%d k=%d", n, k)
                        .containsExactlyElementsOf(sorted.subList(0, Math.min(k, n)));
            }
        }
    }

    @Test
    void aDecisionTakesTheBestEligibleEntriesInOrder() {
        List<BufferEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(new BufferEntry("r" + i, 5, i % 2, 0.1 * i, 100 - i));
        }
        ReplayDecision d = new FifoReplay(4, 2).decide(entries, 5, 3);
        // unused first (even i), then the oldest insertion (largest i has the smallest sequence)
        assertThat(d.train()).containsExactly("r8", "r6", "r4");
    }
}
