package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The replay buffer with {@code keep-groups}: over random arrivals (fixed seeds) no batch splits a
 * group, replay re-sends whole groups under their use ids, and with the option off the batches are
 * the ones the buffer forms without groups.
 */
class ReplayBufferGroupsTest {

    /** One generated row and the group it belongs to (its size, as generated). */
    private record Row(ScoredRollout rollout, int groupSize) {}

    /** What a simulated run drew and trained. */
    private record Run(List<List<String>> draws, int cuts) {}

    private static ScoredRollout row(String id, String group, long version, double advantage) {
        return new ScoredRollout(
                id,
                "p-" + group,
                "arith",
                1,
                new int[] {49, 43},
                new int[] {50},
                new float[] {-0.5f},
                1.0,
                advantage,
                version,
                group,
                new float[0],
                0);
    }

    /**
     * Groups arrive one after the other (the loop emits a visit's rows together), each row drawn
     * for as LearnerCore does (a full batch when enough rows are buffered and none is out); between
     * groups the batch out may be answered (acknowledged, or now and then refused) and the wait
     * timer may fire (a partial batch). Every draw is checked against the buffer it was made from.
     */
    private static Run simulate(long seed, Map<String, String> options, boolean withGroups)
            throws Exception {
        Random rnd = new Random(seed);
        int batchSize = 2 + rnd.nextInt(7);
        int minBatch = 1 + rnd.nextInt(batchSize);
        String policy = rnd.nextBoolean() ? "fifo" : "prioritized";
        int maxReuse = Integer.parseInt(options.getOrDefault("max-reuse", "1"));
        MapLearnerState store = new MapLearnerState();
        ReplayBuffer buffer =
                new ReplayBuffer(
                        ReplayPolicies.registry().create(policy, StrategyOptions.of(options)),
                        new BufferIndex(store, () -> 0),
                        batchSize,
                        minBatch);
        boolean keepGroups = Boolean.parseBoolean(options.getOrDefault("keep-groups", "false"));
        Map<String, Row> rows = new LinkedHashMap<>();
        List<List<String>> draws = new ArrayList<>();
        Sim sim = new Sim(buffer, store, rows, keepGroups, batchSize, maxReuse, draws);
        Map<String, Integer> uses = new HashMap<>();
        Set<String> rejected = new HashSet<>();
        long version = 0;
        long sequence = 0;
        ReplayBuffer.Draw out = null;
        int groups = 30 + rnd.nextInt(30);
        for (int g = 0; g < groups; g++) {
            boolean solo = rnd.nextInt(10) == 0;
            int size = solo ? 1 : 1 + rnd.nextInt(10);
            String group = solo || !withGroups ? "" : "v" + g;
            for (int i = 0; i < size; i++) {
                String id = "v" + g + "-" + i;
                ScoredRollout r = row(id, group, version, rnd.nextInt(9) - 4);
                rows.put(id, new Row(r, size));
                buffer.add(0, r, sequence++);
                if (out == null && store.entries.size() >= batchSize) {
                    out = draw(sim, version, false);
                }
            }
            if (out != null && rnd.nextInt(3) == 0) {
                boolean refuse = rnd.nextInt(10) == 0;
                answer(buffer, out, refuse, uses, rejected);
                version += refuse ? 0 : 1;
                out = null;
                if (store.entries.size() >= batchSize) {
                    out = draw(sim, version, false);
                }
            }
            if (out == null && rnd.nextInt(4) == 0) {
                out = draw(sim, version, true);
            }
        }
        for (int guard = 0; guard < 10_000 && (out != null || !store.entries.isEmpty()); guard++) {
            if (out != null) {
                answer(buffer, out, false, uses, rejected);
                version++;
            }
            out = draw(sim, version, true);
            if (out == null && !store.entries.isEmpty()) {
                // fewer than min-batch left: the last partial batch waits forever in a real run
                break;
            }
        }
        // exactly once per use: every row trained max-reuse times unless its batch was refused
        // or it is what is left below min-batch at the end
        for (String id : rows.keySet()) {
            int n = uses.getOrDefault(id, 0);
            if (!rejected.contains(id) && !store.entries.containsKey(id)) {
                assertThat(n).as("uses of " + id).isEqualTo(maxReuse);
            }
            assertThat(n).isLessThanOrEqualTo(maxReuse);
        }
        // groups no larger than the batch that a draw cut (took some of their rows, not all)
        int cuts = 0;
        for (List<String> draw : draws) {
            Map<String, Integer> perVisit = new HashMap<>();
            for (String id : draw) {
                String base = UseIds.base(id);
                perVisit.merge(base.substring(0, base.indexOf('-')), 1, Integer::sum);
            }
            for (Map.Entry<String, Integer> v : perVisit.entrySet()) {
                int size = rows.get(v.getKey() + "-0").groupSize();
                if (size <= batchSize && v.getValue() < size) {
                    cuts++;
                }
            }
        }
        return new Run(draws, cuts);
    }

    /** What every draw of one simulated run shares. */
    private record Sim(
            ReplayBuffer buffer,
            MapLearnerState store,
            Map<String, Row> rows,
            boolean keepGroups,
            int batchSize,
            int maxReuse,
            List<List<String>> draws) {}

    private static ReplayBuffer.Draw draw(Sim sim, long version, boolean partial) throws Exception {
        ReplayBuffer buffer = sim.buffer();
        Map<String, Row> rows = sim.rows();
        List<List<String>> draws = sim.draws();
        Map<String, BufferEntry> before = new HashMap<>(sim.store().entries);
        ReplayBuffer.Draw d = buffer.next(0, version, partial);
        if (!d.ready()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (ScoredRollout r : d.rows()) {
            ids.add(r.rolloutId());
            String base = UseIds.base(r.rolloutId());
            ScoredRollout generated = rows.get(base).rollout();
            // a re-sent row keeps its group id (and everything but its id)
            assertThat(r.groupId()).isEqualTo(generated.groupId());
            assertThat(r.advantage()).isEqualTo(generated.advantage());
            if (!r.groupId().isEmpty()) {
                byGroup.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(base);
            }
        }
        draws.add(ids);
        if (sim.keepGroups()) {
            for (Map.Entry<String, List<String>> g : byGroup.entrySet()) {
                List<String> members = g.getValue();
                int size = rows.get(members.get(0)).groupSize();
                long eligible =
                        before.values().stream()
                                .filter(e -> e.groupId().equals(g.getKey()))
                                .filter(e -> e.timesUsed() < sim.maxReuse())
                                .count();
                if (size <= sim.batchSize()) {
                    assertThat(members)
                            .as("group %s (size %d) in draw %s", g.getKey(), size, ids)
                            .hasSize(size);
                } else if (members.size() < eligible) {
                    // larger than the batch and cut: a full batch of its rows alone
                    assertThat(byGroup.keySet())
                            .as("split group %s alone in %s", g.getKey(), ids)
                            .containsExactly(g.getKey());
                    assertThat(members).hasSize(sim.batchSize());
                }
            }
        }
        return d;
    }

    private static void answer(
            ReplayBuffer buffer,
            ReplayBuffer.Draw d,
            boolean refuse,
            Map<String, Integer> uses,
            Set<String> rejected)
            throws Exception {
        PendingBatch p = new PendingBatch(new TrainBatch("b", d.rows(), false), d.lastUse(), 0);
        if (refuse) {
            buffer.reject(0, p);
            for (ScoredRollout r : d.rows()) {
                rejected.add(UseIds.base(r.rolloutId()));
            }
            return;
        }
        buffer.acknowledge(0, p);
        Set<String> sent = new HashSet<>();
        for (ScoredRollout r : d.rows()) {
            assertThat(sent.add(r.rolloutId())).as("sent once in a batch").isTrue();
            String base = UseIds.base(r.rolloutId());
            int use = uses.merge(base, 1, Integer::sum);
            // the id of use k is <id> for k = 1 and <id>#u<k> after: each use once in the ledger
            assertThat(r.rolloutId()).isEqualTo(use == 1 ? base : base + "#u" + use);
        }
    }

    private static Map<String, String> options(String reuse, String keepGroups) {
        Map<String, String> o = new HashMap<>(Map.of("max-staleness", "1000", "max-reuse", reuse));
        if (keepGroups != null) {
            o.put("keep-groups", keepGroups);
        }
        return o;
    }

    @Test
    void batchesNeverSplitAGroupOverRandomArrivals() throws Exception {
        int draws = 0;
        for (long seed = 0; seed < 100; seed++) {
            Run run = simulate(seed, options(seed % 2 == 0 ? "1" : "2", "true"), true);
            assertThat(run.cuts()).as("seed " + seed).isZero();
            draws += run.draws().size();
        }
        assertThat(draws).isGreaterThan(500);
    }

    @Test
    void withoutTheOptionTheSameArrivalsCutGroups() throws Exception {
        // the property above is not free: the same scripts cut groups when the option is off
        int cuts = 0;
        for (long seed = 0; seed < 100; seed++) {
            cuts += simulate(seed, options(seed % 2 == 0 ? "1" : "2", "false"), true).cuts();
        }
        assertThat(cuts).isGreaterThan(50);
    }

    @Test
    void withTheOptionOffBatchesAreTheSameAsWithoutGroupIds() throws Exception {
        for (long seed = 0; seed < 50; seed++) {
            String reuse = seed % 2 == 0 ? "1" : "2";
            Run noGroups = simulate(seed, options(reuse, null), false);
            assertThat(simulate(seed, options(reuse, "false"), true).draws())
                    .as("seed " + seed)
                    .isEqualTo(noGroups.draws());
            assertThat(simulate(seed, options(reuse, null), true).draws())
                    .isEqualTo(noGroups.draws());
        }
    }

    @Test
    void replayReSendsEveryMemberOfAGroup() throws Exception {
        MapLearnerState store = new MapLearnerState();
        ReplayBuffer buffer =
                new ReplayBuffer(
                        ReplayPolicies.registry()
                                .create(
                                        "fifo",
                                        StrategyOptions.of(
                                                Map.of(
                                                        "max-reuse", "2",
                                                        "keep-groups", "true"))),
                        new BufferIndex(store, () -> 0),
                        4,
                        1);
        long seq = 0;
        for (String id : List.of("a0", "a1", "a2")) {
            buffer.add(0, row(id, "A", 0, 1), seq++);
        }
        buffer.add(0, row("b0", "B", 0, 1), seq++);
        buffer.add(0, row("c0", "C", 0, 1), seq++);
        ReplayBuffer.Draw first = buffer.next(0, 0, false);
        assertThat(first.rows())
                .extracting(ScoredRollout::rolloutId)
                .containsExactly("a0", "a1", "a2", "b0");
        buffer.acknowledge(
                0, new PendingBatch(new TrainBatch("1", first.rows(), false), first.lastUse(), 0));
        buffer.add(0, row("d0", "D", 1, 1), seq++);
        ReplayBuffer.Draw second = buffer.next(0, 1, true);
        // C and D are unused and go first; A's replay takes all three rows, which do not fit
        assertThat(second.rows()).extracting(ScoredRollout::rolloutId).containsExactly("c0", "d0");
        buffer.acknowledge(
                0,
                new PendingBatch(new TrainBatch("2", second.rows(), false), second.lastUse(), 0));
        ReplayBuffer.Draw third = buffer.next(0, 2, true);
        assertThat(third.rows())
                .extracting(ScoredRollout::rolloutId)
                .containsExactly("a0#u2", "a1#u2", "a2#u2", "b0#u2");
        assertThat(third.rows())
                .extracting(ScoredRollout::groupId)
                .containsExactly("A", "A", "A", "B");
        assertThat(third.lastUse()).containsExactly("a0", "a1", "a2", "b0");
    }
}
