package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many rollouts had been scored when each evaluation started, from the run's complete rollout
 * telemetry. The driver writes an evaluation row with the rollouts it had read so far, and it reads
 * only committed telemetry, which trails generation by up to a checkpoint: read after the run, the
 * rollouts' own timestamps give the exact count instead.
 */
final class RolloutClock {

    private final long[] scoredAt;

    /**
     * @param rollouts rollout telemetry rows, each with its scoring time {@code ts} (ms)
     */
    RolloutClock(List<JsonNode> rollouts) {
        scoredAt = new long[rollouts.size()];
        for (int i = 0; i < scoredAt.length; i++) {
            scoredAt[i] = rollouts.get(i).path("ts").asLong();
        }
        Arrays.sort(scoredAt);
    }

    /** Rollouts scored at or before {@code ts}. */
    long before(long ts) {
        int lo = 0;
        int hi = scoredAt.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scoredAt[mid] <= ts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Copies of {@code evals} whose {@code rollouts} is the count at the evaluation's start ({@code
     * ts} minus {@code eval_seconds}; {@code ts} when the row has no duration). Without rollout
     * telemetry the rows are returned unchanged.
     */
    List<JsonNode> recount(List<JsonNode> evals) {
        if (scoredAt.length == 0) {
            return evals;
        }
        List<JsonNode> out = new ArrayList<>(evals.size());
        for (JsonNode e : evals) {
            ObjectNode row = e.deepCopy();
            long start =
                    e.path("ts").asLong() - Math.round(e.path("eval_seconds").asDouble(0) * 1000);
            row.put("rollouts", before(start));
            out.add(row);
        }
        return out;
    }
}
