package dev.rivulet.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterministicPolicyServiceTest {

    private static List<Completion> generate(
            DeterministicPolicyService service, GenerationRequest... requests) {
        List<Completion> out = new ArrayList<>();
        service.generate(List.of(requests), out::add);
        return out;
    }

    @Test
    void generationIsAPureFunctionOfPromptSeedAndSample() {
        GenerationRequest r = Samples.request("r", "2+2=", 4);
        List<Completion> a = generate(new DeterministicPolicyService(), r);
        assertThat(a).hasSize(4).isEqualTo(generate(new DeterministicPolicyService(), r));
        assertThat(a).extracting(Completion::sampleIndex).containsExactly(0, 1, 2, 3);
        assertThat(a).extracting(Completion::text).doesNotHaveDuplicates();
        for (Completion c : a) {
            assertThat(c.tokens()).isEqualTo(c.text().codePoints().toArray());
            assertThat(c.promptTokens()).isEqualTo("2+2=".codePoints().toArray());
            for (float lp : c.logprobs()) {
                assertThat(lp).isNegative();
            }
        }
    }

    @Test
    void greedySamplesAreIdentical() {
        GenerationRequest r = new GenerationRequest("r", "p", "q", 3, 1f, 1f, 8, 5L, true);
        assertThat(generate(new DeterministicPolicyService(), r))
                .extracting(Completion::text)
                .containsOnly(generate(new DeterministicPolicyService(), r).get(0).text());
    }

    @Test
    void answererDecidesTheTextAndMaxNewTokensTruncates() {
        var service = new DeterministicPolicyService((req, i) -> "answer " + i);
        GenerationRequest r = new GenerationRequest("r", "p", "q", 2, 1f, 1f, 6, 0L, false);
        List<Completion> out = generate(service, r);
        assertThat(out).extracting(Completion::text).containsExactly("answer", "answer");
        assertThat(out).extracting(Completion::finishReason).containsOnly(FinishReason.LENGTH);
        GenerationRequest roomy = new GenerationRequest("r", "p", "q", 1, 1f, 1f, 50, 0L, false);
        assertThat(generate(service, roomy).get(0).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void trainIsIdempotentPerBatchId() {
        var service = new DeterministicPolicyService();
        TrainResult first = service.train(Samples.batch("b1", 2));
        TrainResult again = service.train(Samples.batch("b1", 2));
        assertThat(first.policyVersion()).isEqualTo(1);
        assertThat(again).isEqualTo(first.asDuplicate());
        assertThat(service.version())
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(1, 0));
        assertThat(service.ledger())
                .containsExactly(
                        new LedgerEntry("b1-0", "b1", 1), new LedgerEntry("b1-1", "b1", 1));
        assertThat(generate(service, Samples.request("r", "x", 1)).get(0).policyVersion())
                .isEqualTo(1);
    }

    @Test
    void rollbackFencesOffBatchesOfTheOldLineage() {
        var service = new DeterministicPolicyService();
        String old = service.version().lineage();
        service.train(Samples.batch("b1", 1).withLineage(old));
        String fresh = service.rollback(1).lineage();
        assertThat(fresh).isNotEqualTo(old);
        assertThatThrownBy(() -> service.train(Samples.batch("b2", 1).withLineage(old)))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("lineage " + old);
        assertThat(service.version().current()).isEqualTo(1);
        assertThat(service.train(Samples.batch("b2", 1).withLineage(fresh)).policyVersion())
                .isEqualTo(2);
    }

    @Test
    void commitIgnoresOlderVersionsAndRejectsFutureOnes() {
        var service = new DeterministicPolicyService();
        service.train(Samples.batch("b1", 1));
        service.train(Samples.batch("b2", 1));
        assertThat(service.commit(2))
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(2, 2));
        assertThat(service.commit(1))
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(2, 2));
        assertThat(service.commit(2))
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(2, 2));
        assertThatThrownBy(() -> service.commit(3))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("cannot commit version 3");
    }

    @Test
    void rollbackForgetsLaterBatchesSoTheyCanBeReplayed() {
        var service = new DeterministicPolicyService();
        service.train(Samples.batch("b1", 1));
        service.commit(1);
        service.train(Samples.batch("b2", 1));
        service.train(Samples.batch("b3", 1));
        assertThat(service.rollback(1))
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(1, 1));
        assertThat(service.ledger()).containsExactly(new LedgerEntry("b1-0", "b1", 1));
        assertThat(service.train(Samples.batch("b2", 1)).duplicate()).isFalse();
        assertThat(service.train(Samples.batch("b1", 1)).duplicate()).isTrue();
        assertThatThrownBy(() -> service.rollback(0))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("[committed 1, current 2]");
    }

    @Test
    void injectedFailure() {
        var service = new DeterministicPolicyService().failGenerate(true);
        assertThatThrownBy(() -> generate(service, Samples.request("r", "x", 1)))
                .hasMessage("injected generate failure");
        assertThat(service.callCount("generate")).isEqualTo(1);
    }
}
