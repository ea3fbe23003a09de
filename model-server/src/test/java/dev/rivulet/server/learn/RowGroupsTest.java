package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowGroupsTest {

    private static TrainSample row(String id, String group) {
        return new TrainSample(
                id, new int[] {1}, new int[] {2}, new float[] {-1f}, 0, new float[0], group);
    }

    private static List<TrainSample> rows(String... groups) {
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < groups.length; i++) {
            out.add(row("r" + i, groups[i]));
        }
        return out;
    }

    @Test
    void groupsBecomeContiguousInOrderOfFirstAppearance() {
        List<TrainSample> out = RowGroups.contiguous(rows("a", "b", "", "a", "b", ""));
        assertThat(out)
                .extracting(TrainSample::rolloutId)
                .containsExactly("r0", "r3", "r1", "r4", "r2", "r5");
    }

    @Test
    void chunksAreCutBetweenGroupsOnly() {
        // groups of sizes 2, 3, 1 (two loose rows), budget 3 rows per chunk
        List<TrainSample> s = rows("a", "a", "b", "b", "b", "", "");
        assertThat(RowGroups.chunkBounds(s, 3)).containsExactly(0, 2, 5, 7);
        // a group larger than the budget is a chunk of its own, never split
        assertThat(RowGroups.chunkBounds(s, 1)).containsExactly(0, 2, 5, 6, 7);
        assertThat(RowGroups.chunkBounds(s, 100)).containsExactly(0, 7);
        assertThat(RowGroups.chunkBounds(List.of(), 4)).containsExactly(0);
        assertThat(RowGroups.evenBounds(5, 2)).containsExactly(0, 2, 4, 5);
    }
}
