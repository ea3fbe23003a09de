package dev.rivulet.algo.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@code keep-groups} option of both replay policies: whole groups per batch. */
class KeepGroupsTest {

    private static ReplayPolicy policy(String id, String reuse, String keepGroups) {
        return ReplayPolicies.registry()
                .create(
                        id,
                        StrategyOptions.of(
                                Map.of(
                                        "max-staleness",
                                        "4",
                                        "max-reuse",
                                        reuse,
                                        "keep-groups",
                                        keepGroups)));
    }

    /** id, times used, advantage, sequence, group; all made by version 10. */
    private static BufferEntry e(String id, int used, double a, long seq, String group) {
        return new BufferEntry(id, 10, used, a, seq, group);
    }

    @Test
    void bothPoliciesOfferTheOptionOffByDefault() {
        for (ReplayPolicyFactory f : ReplayPolicies.registry().factories()) {
            OptionSpec spec =
                    f.options().stream()
                            .filter(o -> o.key().equals("keep-groups"))
                            .findFirst()
                            .orElseThrow();
            assertThat(spec.defaultValue()).as(f.id()).isEqualTo("false");
        }
    }

    @Test
    void fifoTakesWholeGroupsInOrderAndStopsAtTheFirstThatDoesNotFit() {
        List<BufferEntry> buffer =
                List.of(
                        e("a0", 0, 0, 1, "A"),
                        e("b0", 0, 0, 2, "B"),
                        e("a1", 0, 0, 3, "A"),
                        e("b1", 0, 0, 4, "B"),
                        e("b2", 0, 0, 5, "B"),
                        e("s", 0, 0, 6, ""), // no group: a group of its own
                        e("c0", 0, 0, 7, "C"));
        ReplayDecision d = policy("fifo", "1", "true").decide(buffer, 10, 4);
        // A (2) fits, B (3) does not: the batch ends, s does not jump ahead of B
        assertThat(d.train()).containsExactly("a0", "a1");
        assertThat(d.full()).isTrue();
        assertThat(d.groupBound()).isTrue();
        assertThat(d.lastUse()).containsExactly("a0", "a1");
        ReplayDecision five = policy("fifo", "1", "true").decide(buffer, 10, 5);
        assertThat(five.train()).containsExactly("a0", "a1", "b0", "b1", "b2");
        assertThat(five.full()).isTrue();
        assertThat(five.groupBound()).isFalse();
        // today's behaviour without the option: the oldest rows, groups cut
        assertThat(policy("fifo", "1", "false").decide(buffer, 10, 4).train())
                .containsExactly("a0", "b0", "a1", "b1");
    }

    @Test
    void theNewestGroupIsHeldWhileItsRowsMayStillArrive() {
        List<BufferEntry> buffer =
                List.of(
                        e("a0", 0, 0, 1, "A"),
                        e("a1", 0, 0, 2, "A"),
                        e("b0", 0, 0, 3, "B"),
                        e("b1", 0, 0, 4, "B"));
        ReplayPolicy p = policy("fifo", "1", "true");
        ReplayDecision held = p.decide(buffer, 10, 4, true);
        assertThat(held.train()).containsExactly("a0", "a1");
        assertThat(held.full()).as("B may grow: wait").isFalse();
        ReplayDecision partial = p.decide(buffer, 10, 4, false);
        assertThat(partial.train()).containsExactly("a0", "a1", "b0", "b1");
        assertThat(partial.full()).isTrue();
    }

    @Test
    void aGroupOfKnownSizeIsHeldUntilCompleteWhereverItsRowsInterleave() {
        // two loop shards interleave their visits at the learner: A (3 rows) has 2 so far, B (3
        // rows) is complete and holds the newest row
        List<BufferEntry> buffer =
                List.of(
                        new BufferEntry("a0", 10, 0, 0, 1, "A", 3),
                        new BufferEntry("b0", 10, 0, 0, 2, "B", 3),
                        new BufferEntry("a1", 10, 0, 0, 3, "A", 3),
                        new BufferEntry("b1", 10, 0, 0, 4, "B", 3),
                        new BufferEntry("b2", 10, 0, 0, 5, "B", 3));
        ReplayPolicy p = policy("fifo", "1", "true");
        ReplayDecision held = p.decide(buffer, 10, 4, true);
        assertThat(held.train()).as("B is complete, A is not").containsExactly("b0", "b1", "b2");
        // A's last row arrives: complete, it goes (B fits no more in this batch of 4: A first)
        List<BufferEntry> more = new java.util.ArrayList<>(buffer);
        more.add(new BufferEntry("a2", 10, 0, 0, 6, "A", 3));
        assertThat(p.decide(more, 10, 6, true).train())
                .containsExactly("a0", "a1", "a2", "b0", "b1", "b2");
        // the partial draw after the wait takes an incomplete group as it is
        assertThat(p.decide(buffer, 10, 8, false).train()).contains("a0", "a1");
        // a group that has been used (replayed) is not waited for
        List<BufferEntry> replay =
                List.of(
                        new BufferEntry("c0", 10, 1, 0, 1, "C", 3),
                        new BufferEntry("c1", 10, 1, 0, 2, "C", 3),
                        new BufferEntry("d0", 10, 0, 0, 3, "D", 0));
        assertThat(policy("fifo", "2", "true").decide(replay, 10, 4, true).train())
                .containsExactly("c0", "c1");
    }

    @Test
    void aGroupLargerThanTheBatchIsSplitAndGoesAlone() {
        List<BufferEntry> buffer = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buffer.add(e("g" + i, 0, 0, 10 + i, "G"));
        }
        buffer.add(e("x", 0, 0, 20, "X"));
        ReplayDecision d = policy("fifo", "1", "true").decide(buffer, 10, 3);
        assertThat(d.train()).containsExactly("g0", "g1", "g2");
        assertThat(d.full()).isTrue();
        // the rest of G is a group again, and fits with X
        ReplayDecision rest = policy("fifo", "1", "true").decide(buffer.subList(3, 6), 10, 3);
        assertThat(rest.train()).containsExactly("g3", "g4", "x");
        // an oversized group that is not first ends the batch before it
        List<BufferEntry> behind = new ArrayList<>(buffer);
        behind.add(0, e("y", 0, 0, 1, "Y"));
        assertThat(policy("fifo", "1", "true").decide(behind, 10, 3).train()).containsExactly("y");
    }

    @Test
    void prioritizedRanksGroupsByTheirBestRowAndReplaysWholeGroups() {
        List<BufferEntry> buffer =
                List.of(
                        e("a0", 0, 0.1, 1, "A"),
                        e("a1", 0, 0.9, 2, "A"),
                        e("b0", 0, 0.5, 3, "B"),
                        e("b1", 0, 0.4, 4, "B"),
                        e("c0", 1, 0.8, 5, "C"),
                        e("c1", 1, -0.2, 6, "C"));
        ReplayDecision d = policy("prioritized", "2", "true").decide(buffer, 10, 4);
        // A (best 0.9) then C (0.8; used once already: its replay takes both rows), B left
        assertThat(d.train()).containsExactly("a1", "a0", "c0", "c1");
        assertThat(d.lastUse()).containsExactly("c0", "c1");
    }

    /** Random buffers: with the option off, group ids change nothing and the flag is ignored. */
    @Test
    void withTheOptionOffDecisionsAreTheSameAsWithoutGroups() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(60);
            List<BufferEntry> grouped = new ArrayList<>();
            List<BufferEntry> plain = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long v = 5 + rnd.nextInt(6);
                int used = rnd.nextInt(3);
                double a = rnd.nextInt(7) - 3;
                long seq = rnd.nextInt(1000) * 100L + i;
                grouped.add(new BufferEntry("r" + i, v, used, a, seq, "g" + rnd.nextInt(8)));
                plain.add(new BufferEntry("r" + i, v, used, a, seq));
            }
            Collections.shuffle(grouped, new Random(trial));
            int batch = 1 + rnd.nextInt(12);
            for (String id : List.of("fifo", "prioritized")) {
                ReplayDecision reference =
                        ReplayPolicies.registry()
                                .create(id, StrategyOptions.of("max-reuse", "2"))
                                .decide(plain, 10, batch);
                for (boolean open : List.of(true, false)) {
                    ReplayDecision off = policy(id, "2", "false").decide(grouped, 10, batch, open);
                    assertThat(off.train())
                            .as("%s trial %d", id, trial)
                            .isEqualTo(reference.train());
                    assertThat(off.stale()).isEqualTo(reference.stale());
                    assertThat(off.exhausted()).isEqualTo(reference.exhausted());
                    assertThat(off.lastUse()).isEqualTo(reference.lastUse());
                    assertThat(off.full()).isEqualTo(reference.full());
                }
            }
        }
    }
}
