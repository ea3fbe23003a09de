package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.generate.StopReason;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.StepStats;
import dev.rivulet.server.state.LedgerRecord;
import dev.rivulet.server.state.StepOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol records to the server's types and back. */
class ProtocolMappingTest {

    private static GenerationPlan.Row row(boolean greedy, long seed) {
        GenerationRequest r = new GenerationRequest("q", "p", "1+1=", 2, 0.7f, 0.9f, 5, 3, greedy);
        return new GenerationPlan.Row(r, 1, new int[] {1, 7}, seed);
    }

    @Test
    void rowsBecomeDecodeRequestsAndSamplesBecomeCompletions() {
        List<DecodeRequest> decode = ProtocolMapping.decodeRequests(List.of(row(false, 11)));
        assertThat(decode).hasSize(1);
        assertThat(decode.get(0).promptTokens()).containsExactly(1, 7);
        assertThat(decode.get(0).seed()).isEqualTo(11);

        SamplingParams sampled = ProtocolMapping.sampling(row(false, 11), new int[] {2});
        assertThat(sampled.temperature()).isCloseTo(0.7, within(1e-6));
        assertThat(sampled.topP()).isCloseTo(0.9, within(1e-6));
        assertThat(sampled.maxNewTokens()).isEqualTo(5);
        assertThat(sampled.stopTokens()).containsExactly(2);
        assertThat(ProtocolMapping.sampling(row(true, 11), new int[] {2}).temperature()).isZero();

        Sample s =
                new Sample(
                        new int[] {1, 7},
                        new int[] {4, 2},
                        new float[] {-1f, -2f},
                        StopReason.STOP,
                        new float[] {0.5f, 0.25f});
        Completion c = ProtocolMapping.completion(row(false, 11), s, "42", 9);
        assertThat(c.requestId()).isEqualTo("q");
        assertThat(c.promptId()).isEqualTo("p");
        assertThat(c.sampleIndex()).isEqualTo(1);
        assertThat(c.tokens()).containsExactly(4, 2);
        assertThat(c.logprobs()).containsExactly(-1f, -2f);
        assertThat(c.entropies()).containsExactly(0.5f, 0.25f);
        assertThat(c.text()).isEqualTo("42");
        assertThat(c.policyVersion()).isEqualTo(9);
        assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(ProtocolMapping.finishReason(StopReason.LENGTH)).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void trainBatchesAndOutcomesMapBothWays() {
        ScoredRollout r =
                new ScoredRollout(
                        "r1",
                        "p",
                        "arith",
                        1,
                        new int[] {1},
                        new int[] {5, 6},
                        new float[] {-0.5f, -0.25f},
                        1.0,
                        0.75,
                        3);
        MicroBatch m = ProtocolMapping.microBatch(new TrainBatch("b1", List.of(r), true));
        assertThat(m.batchId()).isEqualTo("b1");
        assertThat(m.normalizeAdvantages()).isTrue();
        assertThat(m.samples().get(0).rolloutId()).isEqualTo("r1");
        assertThat(m.samples().get(0).responseTokens()).containsExactly(5, 6);
        assertThat(m.samples().get(0).behaviourLogprobs()).containsExactly(-0.5f, -0.25f);
        assertThat(m.samples().get(0).advantage()).isEqualTo(0.75);
        assertThat(m.samples().get(0).hasTokenAdvantages()).isFalse();
        MicroBatch perToken =
                ProtocolMapping.microBatch(
                        new TrainBatch(
                                "b2",
                                List.of(r.withTokenAdvantages(new float[] {1f, -1f})),
                                false));
        assertThat(perToken.samples().get(0).tokenAdvantages()).containsExactly(1f, -1f);
        assertThat(perToken.samples().get(0).advantageAt(1)).isEqualTo(-1.0);

        StepStats s = new StepStats(0.5, 0.1, 0.0, 2.0, 0.3, 1.5, 12, 2);
        assertThat(ProtocolMapping.trainResult("b1", new StepOutcome(4, s, false)))
                .isEqualTo(new TrainResult("b1", 4, 0.5, 0.1, 2.0, 0.3, 1.5, 12, 2, false));
        assertThat(ProtocolMapping.trainResult("b1", new StepOutcome(4, s, true)).duplicate())
                .isTrue();
        TrainResult unknown = ProtocolMapping.trainResult("b1", new StepOutcome(4, null, true));
        assertThat(unknown.duplicate()).isTrue();
        assertThat(unknown.policyVersion()).isEqualTo(4);
        assertThat(unknown.loss()).isNaN();
        assertThat(unknown.gradNorm()).isNaN();
        assertThat(unknown.tokens()).isZero();
        assertThat(unknown.samples()).isZero();

        assertThat(ProtocolMapping.ledgerEntry(new LedgerRecord("r1", "b1", 4)))
                .isEqualTo(new LedgerEntry("r1", "b1", 4));
    }
}
