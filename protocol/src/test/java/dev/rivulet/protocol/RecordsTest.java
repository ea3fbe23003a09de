package dev.rivulet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.testing.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {

    @Test
    void arraysAreCopiedInAndOut() {
        int[] tokens = {1, 2};
        float[] logprobs = {-1f, -2f};
        Completion c =
                new Completion(
                        "r", "p", 0, new int[0], tokens, logprobs, "ab", 0, FinishReason.STOP);
        tokens[0] = 99;
        c.tokens()[1] = 99;
        assertThat(c.tokens()).containsExactly(1, 2);
        assertThat(c.logprobs()).containsExactly(-1f, -2f);
    }

    @Test
    void equalityAndToStringFollowArrayContent() {
        assertThat(Samples.completions()).isEqualTo(Samples.completions());
        assertThat(Samples.completions().get(0).hashCode())
                .isEqualTo(Samples.completions().get(0).hashCode());
        assertThat(Samples.rollout("x"))
                .isEqualTo(Samples.rollout("x"))
                .isNotEqualTo(Samples.rollout("y"));
        assertThat(Samples.rollout("x").hashCode()).isEqualTo(Samples.rollout("x").hashCode());
        assertThat(Samples.scoreRequests()).isEqualTo(Samples.scoreRequests());
        assertThat(Samples.scoreResults()).isEqualTo(Samples.scoreResults());
        assertThat(Samples.completions().get(0).toString()).contains("tokens=[51, 10]");
        assertThat(Samples.rollout("x").toString()).contains("behaviourLogprobs=[-0.5]");
    }

    @Test
    void lengthHelpers() {
        assertThat(Samples.rollout("x").promptLength()).isEqualTo(4);
        assertThat(Samples.rollout("x").responseLength()).isEqualTo(1);
    }

    @Test
    void tokensAndLogprobsMustMatch() {
        assertThatThrownBy(
                        () ->
                                new Completion(
                                        "r",
                                        "p",
                                        0,
                                        new int[0],
                                        new int[] {1},
                                        new float[0],
                                        "",
                                        0,
                                        FinishReason.STOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokens.length (1) must equal logprobs.length (0)");
        assertThatThrownBy(
                        () ->
                                new ScoredRollout(
                                        "r",
                                        "p",
                                        "t",
                                        0,
                                        new int[0],
                                        new int[] {1},
                                        new float[0],
                                        0,
                                        0,
                                        0))
                .hasMessageContaining("responseTokens.length (1) must equal behaviourLogprobs");
    }

    @Test
    void perTokenAdvantagesAndEntropiesMustMatchTheTokens() {
        ScoredRollout r = Samples.groupedRollout("x");
        assertThatThrownBy(() -> r.withTokenAdvantages(new float[] {1f}))
                .hasMessageContaining(
                        "responseTokens.length (3) must equal tokenAdvantages.length");
        assertThatThrownBy(() -> r.withTokenAdvantages(new float[] {1f, Float.NaN, 0f}))
                .hasMessageContaining("tokenAdvantages[1]");
        assertThat(r.advantageAt(2)).isEqualTo(0.5);
        assertThat(r.withTokenAdvantages(new float[0]).advantageAt(2)).isEqualTo(0.75);
        assertThatThrownBy(
                        () ->
                                new Completion(
                                        "r",
                                        "p",
                                        0,
                                        new int[0],
                                        new int[] {1},
                                        new float[] {-1f},
                                        "",
                                        0,
                                        FinishReason.STOP,
                                        new float[] {0.1f, 0.2f}))
                .hasMessage("tokens.length (1) must equal entropies.length (2)");
    }

    @Test
    void messagesNameTheBadField() {
        assertThatThrownBy(() -> new GenerationRequest("", "p", "x", 1, 1f, 1f, 1, 0, false))
                .hasMessage("requestId must not be empty");
        assertThatThrownBy(() -> new GenerationRequest("r", "p", "x", 1, 1f, 0f, 1, 0, false))
                .hasMessageContaining("topP must be in (0, 1]");
        assertThatThrownBy(
                        () -> new GenerationRequest("r", "p", "x", 1, Float.NaN, 1f, 1, 0, false))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new GenerationRequest("r", "p", "x", 1, 1f, 1f, 0, 0, false))
                .hasMessageContaining("maxNewTokens must be > 0");
        assertThatThrownBy(() -> new GenerationRequest("r", "p", null, 1, 1f, 1f, 1, 0, false))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("prompt must not be null");
        assertThatThrownBy(() -> new PolicyVersion(1, 2)).hasMessageContaining("current (1)");
        assertThatThrownBy(() -> new TrainBatch("b", List.of(), false))
                .hasMessageContaining("rows must not be empty");
        assertThatThrownBy(
                        () ->
                                new ScoredRollout(
                                        "r",
                                        "p",
                                        "t",
                                        0,
                                        new int[0],
                                        new int[0],
                                        new float[0],
                                        Double.NaN,
                                        0,
                                        0))
                .hasMessageContaining("reward must be finite");
        assertThatThrownBy(() -> new Health("ok", -1, 0, "cpu", 0))
                .hasMessageContaining("policyVersion must be >= 0");
        assertThatThrownBy(() -> new LedgerEntry("r", "", 1)).hasMessageContaining("batchId");
        assertThatThrownBy(() -> new CheckpointInfo("", 1)).hasMessageContaining("path");
        assertThatThrownBy(() -> new ScoreResult("s", null, 1)).hasMessageContaining("logprobs");
    }

    @Test
    void trainBatchRowsAreAnImmutableCopy() {
        List<ScoredRollout> rows = new ArrayList<>(List.of(Samples.rollout("a")));
        TrainBatch batch = new TrainBatch("b", rows, false);
        rows.add(Samples.rollout("b"));
        assertThat(batch.rows()).hasSize(1);
        assertThatThrownBy(() -> batch.rows().add(Samples.rollout("c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nanStatisticsAreAllowedInTrainResults() {
        TrainResult r =
                new TrainResult("b", 1, Double.NaN, 0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, false);
        assertThat(r.asDuplicate().duplicate()).isTrue();
        assertThat(r.asDuplicate().loss()).isNaN();
    }
}
