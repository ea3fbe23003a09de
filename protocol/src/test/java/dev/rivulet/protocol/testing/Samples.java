package dev.rivulet.protocol.testing;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import java.util.ArrayList;
import java.util.List;

/** Small, valid example records for tests, including edge cases (empty arrays, unicode). */
public final class Samples {

    private Samples() {}

    /** A generation request for {@code prompt} with the given id and sample count. */
    public static GenerationRequest request(String id, String prompt, int numSamples) {
        return new GenerationRequest(id, "p-" + id, prompt, numSamples, 1.0f, 0.95f, 8, 42L, false);
    }

    /** Three generation requests, one greedy and one with a unicode prompt. */
    public static List<GenerationRequest> requests() {
        return List.of(
                request("r1", "1+2=", 2),
                new GenerationRequest("r2", "p-r2", "naïve ≠ 🚀", 1, 0f, 1f, 1, -7L, true),
                request("r3", "", 3),
                new GenerationRequest(
                        "r4", "p-r4", "hi", 1, 0.7f, 1f, 4, 3L, false, "chat", "Be brief."));
    }

    /** Two completions, one with no tokens. */
    public static List<Completion> completions() {
        return List.of(
                new Completion(
                        "r1",
                        "p1",
                        0,
                        new int[] {49, 43, 50},
                        new int[] {51, 10},
                        new float[] {-0.25f, -1.5f},
                        "3\n",
                        4L,
                        FinishReason.STOP,
                        new float[] {0.5f, 1.25f}),
                new Completion(
                        "r1",
                        "p1",
                        1,
                        new int[] {},
                        new int[] {},
                        new float[] {},
                        "",
                        4L,
                        FinishReason.LENGTH));
    }

    /** A scored rollout with the given id. */
    public static ScoredRollout rollout(String id) {
        return new ScoredRollout(
                id,
                "p-" + id,
                "arith",
                2,
                new int[] {49, 43, 50, 61},
                new int[] {51},
                new float[] {-0.5f},
                1.0,
                0.75,
                3L);
    }

    /** A scored rollout with a group id and per-token advantages. */
    public static ScoredRollout groupedRollout(String id) {
        return new ScoredRollout(
                id,
                "p-" + id,
                "arith",
                2,
                new int[] {49, 43},
                new int[] {51, 52, 10},
                new float[] {-0.5f, -0.25f, -1f},
                1.0,
                0.75,
                3L,
                "visit-" + id,
                new float[] {1f, 0f, 0.5f},
                4);
    }

    /** A train batch of {@code size} rollouts named {@code <batchId>-<i>}. */
    public static TrainBatch batch(String batchId, int size) {
        List<ScoredRollout> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(rollout(batchId + "-" + i));
        }
        return new TrainBatch(batchId, rows, true);
    }

    /** Two score requests, one with an empty response. */
    public static List<ScoreRequest> scoreRequests() {
        return List.of(
                new ScoreRequest("s1", new int[] {1, 2}, new int[] {3, 4, 5}),
                new ScoreRequest("s2", new int[] {7}, new int[] {}));
    }

    /** Two score results, one with no log-probs. */
    public static List<ScoreResult> scoreResults() {
        return List.of(
                new ScoreResult("s1", new float[] {-0.1f, -2f, Float.NEGATIVE_INFINITY}, 9L),
                new ScoreResult("s2", new float[] {}, 9L));
    }
}
