package dev.rivulet.server.learn;

import ai.djl.ndarray.NDArray;
import dev.rivulet.server.loss.LossContext;
import dev.rivulet.server.model.SequenceBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a batch's rows are grouped for losses that compare the rows of a group ({@link
 * dev.rivulet.server.loss.LossNeed#GROUPS}): rows of one group made contiguous, row chunks cut only
 * between groups, and the per-row {@link LossContext} of a chunk.
 */
final class RowGroups {

    private RowGroups() {}

    /**
     * The samples reordered so that each group's rows are contiguous: groups in order of first
     * appearance, rows in their order within a group; a row without a group id is a group of one.
     */
    static List<TrainSample> contiguous(List<TrainSample> samples) {
        Map<String, List<TrainSample>> byGroup = new LinkedHashMap<>();
        int loose = 0;
        for (TrainSample s : samples) {
            String key = s.groupId().isEmpty() ? "\u0000" + loose++ : "g" + s.groupId();
            byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<TrainSample> out = new ArrayList<>(samples.size());
        byGroup.values().forEach(out::addAll);
        return out;
    }

    /** Chunk boundaries 0, n, 2n, ..., rows. */
    static int[] evenBounds(int rows, int chunkRows) {
        List<Integer> b = new ArrayList<>();
        for (int from = 0; from < rows; from += chunkRows) {
            b.add(from);
        }
        b.add(rows);
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Chunk boundaries of contiguous groups: whole groups are added to a chunk while it stays
     * within {@code chunkRows} rows; a group larger than that is a chunk of its own (over the
     * budget: a group is never split).
     */
    static int[] chunkBounds(List<TrainSample> samples, int chunkRows) {
        List<Integer> b = new ArrayList<>();
        b.add(0);
        int start = 0;
        int r = 0;
        while (r < samples.size()) {
            int end = r + 1;
            while (end < samples.size() && sameGroup(samples.get(r), samples.get(end))) {
                end++;
            }
            if (end - start > chunkRows && r > start) {
                b.add(r);
                start = r;
            }
            r = end;
        }
        if (samples.size() > 0) {
            b.add(samples.size());
        }
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean sameGroup(TrainSample a, TrainSample b) {
        return !a.groupId().isEmpty() && a.groupId().equals(b.groupId());
    }

    /** The loss context of the rows {@code chunk}, scored as {@code sb}. */
    static LossContext context(
            List<TrainSample> chunk, SequenceBatch sb, long step, NDArray refLogp, NDArray all) {
        int rows = chunk.size();
        int[] groups = new int[rows];
        int[][] tokens = new int[rows][];
        int[] start = new int[rows];
        Map<String, Integer> index = new HashMap<>();
        int next = 0;
        for (int r = 0; r < rows; r++) {
            TrainSample s = chunk.get(r);
            if (s.groupId().isEmpty()) {
                groups[r] = next++;
            } else {
                Integer g = index.get(s.groupId());
                if (g == null) {
                    g = next++;
                    index.put(s.groupId(), g);
                }
                groups[r] = g;
            }
            tokens[r] = s.responseTokens().clone();
            start[r] = sb.responseStart(r);
        }
        return new LossContext(groups, tokens, start, step, refLogp, all);
    }
}
