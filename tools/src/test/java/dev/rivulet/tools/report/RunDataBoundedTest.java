package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The driver's RunData holds aggregates, not rollout rows: a million rollouts leave it holding as
 * much as the prompts, time bins and recent-reward slots need, and its figures are those of the
 * rows.
 */
class RunDataBoundedTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long START = 1_700_000_000_000L;

    private static ObjectNode row(long i, long ts, int prompts) {
        ObjectNode r = F.objectNode();
        r.put("ts", ts);
        r.put("prompt_id", "p" + (i % prompts));
        r.put("task", i % 2 == 0 ? "add" : "mul");
        r.put("difficulty", (int) (i % 3) + 1);
        r.put("reward", i % 4 == 0 ? 1.0 : 0.0);
        r.put("dropped", i % 10 == 0);
        r.put("phase", i % 100 == 0 ? "prior" : "train");
        ObjectNode parts = r.putObject(RewardParts.FIELD);
        parts.put("correctness", i % 4 == 0 ? 1.0 : 0.0);
        parts.put("format", i % 2 == 0 ? 1.0 : 0.5);
        return r;
    }

    @Test
    void aMillionRolloutsKeepNoRowAndTheFiguresOfTheRows() {
        int n = 1_000_000;
        int prompts = 1000;
        long span = 2 * 3600 * 1000L; // two hours
        RunData d = new RunData(START);
        int[] atHalf = null;
        for (long i = 0; i < n; i++) {
            d.addRollout(row(i, START + i * span / n, prompts));
            if (i == n / 2) {
                atHalf = d.retainedSizes();
            }
        }
        int[] sizes = d.retainedSizes();
        // prompts, reward-chart bins (6 series x 360 windows of 20 s), part bins, recent slots
        assertThat(sizes[0]).isEqualTo(prompts);
        assertThat(sizes[1]).isEqualTo(6 * 360);
        assertThat(sizes[2]).isLessThanOrEqualTo(PartsTimeline.MAX_BINS);
        assertThat(sizes[3]).isEqualTo(RunData.RECENT);
        // the second half of the run added no prompt and no recent slot
        assertThat(atHalf[0]).isEqualTo(sizes[0]);
        assertThat(atHalf[3]).isEqualTo(sizes[3]);

        assertThat(d.rolloutCount()).isEqualTo(n);
        assertThat(d.priorRollouts()).isEqualTo(n / 100);
        // dropped every 10th; those that are also prior (every 100th) count as prior
        assertThat(d.droppedByDynamicSampling()).isEqualTo(n / 10 - n / 100);
        assertThat(d.rolloutsPerPrompt().values()).containsOnly(n / prompts);
        assertThat(d.rewardPartsMean().get("correctness")).isCloseTo(0.25, Offset.offset(1e-9));
        assertThat(d.rewardPartsMean().get("format")).isCloseTo(0.75, Offset.offset(1e-9));
        // the last 500 rows: every 4th rewarded
        assertThat(d.recentRewardMean()).isCloseTo(0.25, Offset.offset(1e-9));
        List<RewardParts.Window> w = d.rewardPartsOverTime(10);
        assertThat(w).hasSize(10);
        assertThat(w.stream().mapToLong(RewardParts.Window::rollouts).sum()).isEqualTo(n);
        // rows are evenly spread in time: each tenth holds a tenth, to within a coarse bin at
        // each edge (1024 ms bins of about 142 rows)
        for (RewardParts.Window x : w) {
            assertThat(x.rollouts()).isBetween(n / 10 - 300, n / 10 + 300);
        }
    }

    @Test
    void underTheBinLimitTheWindowsAreThoseOfTheRows() {
        Random rnd = new Random(3);
        List<JsonNode> rows = new ArrayList<>();
        RunData d = new RunData(START);
        for (int i = 0; i < 3000; i++) {
            ObjectNode r = row(i, START + rnd.nextInt(1_000_000), 50);
            ((ObjectNode) r.path(RewardParts.FIELD)).put("x", rnd.nextDouble());
            rows.add(r);
            d.addRollout(r);
        }
        List<RewardParts.Window> expected = RewardParts.overTime(rows, START, 10);
        List<RewardParts.Window> got = d.rewardPartsOverTime(10);
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).rollouts()).isEqualTo(expected.get(i).rollouts());
            assertThat(got.get(i).fromSeconds()).isEqualTo(expected.get(i).fromSeconds());
            assertThat(got.get(i).toSeconds()).isEqualTo(expected.get(i).toSeconds());
            for (Map.Entry<String, Double> e : expected.get(i).means().entrySet()) {
                assertThat(got.get(i).means().get(e.getKey()))
                        .isCloseTo(e.getValue(), Offset.offset(1e-12));
            }
        }
        assertThat(d.rewardPartsMean()).isEqualTo(RewardParts.means(rows));
    }

    @Test
    void pastTheBinLimitBinsMergeAndCountsAreKept() {
        PartsTimeline t = new PartsTimeline(16);
        for (int i = 0; i < 1000; i++) {
            t.add(row(i, START + i * 7L, 1));
        }
        assertThat(t.bins()).isLessThanOrEqualTo(16);
        assertThat(t.resolution()).isGreaterThan(1);
        assertThat(t.windows(START, 4).stream().mapToLong(RewardParts.Window::rollouts).sum())
                .isEqualTo(1000);
    }

    @Test
    void recentMeanForgetsOlderValues() {
        RecentMean m = new RecentMean(3);
        assertThat(m.mean()).isNaN();
        for (double v : new double[] {100, 1, 2, 3}) {
            m.add(v);
        }
        assertThat(m.mean()).isEqualTo(2.0);
    }
}
