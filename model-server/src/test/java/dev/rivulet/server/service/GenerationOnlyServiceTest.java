package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.server.bench.RoleFootprint;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.testing.TrainRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A generation-only service ({@link DjlPolicyService#openForGeneration}) holds the parameters and
 * nothing of the learner: no AdamW moments, no reference policy, no version snapshot; it generates
 * and scores, and refuses what only a learner does. A full service holds moments as large as two
 * copies of the parameters and a version-0 snapshot of weights and moments.
 */
class GenerationOnlyServiceTest {

    private static final GenerationRequest REQUEST =
            new GenerationRequest("r", "p", "12+34=", 2, 1f, 1f, 4, 3, false);

    @Test
    void aFullServiceHoldsMomentsReferenceAndASnapshot() throws Exception {
        ServiceConfig kl =
                LearnerWeightsTest.tiny(7)
                        .withOptimizer(
                                OptimizerConfig.from(
                                        1e-2, StrategyOptions.of(Map.of("kl-beta", "0.1"))));
        try (DjlPolicyService s = DjlPolicyService.open(kl)) {
            ModelFootprint f = s.footprint();
            long p = f.parameterBytes();
            assertThat(p).isPositive();
            assertThat(f.optimizerBytes()).isEqualTo(2 * p);
            assertThat(f.referenceBytes()).isEqualTo(p);
            assertThat(f.snapshotBytes()).as("version 0: weights and two moments").isEqualTo(3 * p);
            assertThat(f.learnerStateBytes()).isEqualTo(6 * p);
            assertThat(s.generationOnly()).isFalse();
        }
    }

    @Test
    void aGenerationOnlyServiceHoldsTheParametersAlone() throws Exception {
        long learnerParameters;
        try (DjlPolicyService full = DjlPolicyService.open(LearnerWeightsTest.tiny(7))) {
            learnerParameters = full.footprint().parameterBytes();
        }
        try (DjlPolicyService g = DjlPolicyService.openForGeneration(LearnerWeightsTest.tiny(7))) {
            ModelFootprint f = g.footprint();
            assertThat(f.parameterBytes()).isEqualTo(learnerParameters);
            assertThat(f.optimizerBytes()).isZero();
            assertThat(f.referenceBytes()).isZero();
            assertThat(f.snapshotBytes()).isZero();
            assertThat(f.learnerStateBytes()).isZero();
            assertThat(g.generationOnly()).isTrue();

            List<Completion> out = new ArrayList<>();
            g.generate(List.of(REQUEST), out::add);
            assertThat(out).hasSize(2);
            Completion c = out.get(0);
            assertThat(g.score(List.of(new ScoreRequest("s", c.promptTokens(), c.tokens()))))
                    .singleElement()
                    .satisfies(r -> assertThat(r.logprobs()).hasSize(c.tokens().length));

            for (Runnable call :
                    List.<Runnable>of(
                            () -> g.train(new TrainBatch("b", TrainRows.of("b-", out), false)),
                            () -> g.commit(0),
                            () -> g.prepare(0),
                            () -> g.rollback(0),
                            () -> g.weights(0),
                            () -> g.digest(0),
                            () -> g.checkpoint(),
                            () -> g.ledger())) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(PolicyInvalidRequestException.class)
                        .hasMessageContaining("this service generates only");
            }
        }
    }

    @Test
    void roleFootprintMeasuresEachRole() throws Exception {
        var learner = RoleFootprint.measure("learner", LearnerWeightsTest.tiny(7));
        var generator = RoleFootprint.measure("generator", LearnerWeightsTest.tiny(7));
        long p = learner.footprint().parameterBytes();
        assertThat(learner.footprint().learnerStateBytes()).isEqualTo(5 * p);
        assertThat(generator.footprint().parameterBytes()).isEqualTo(p);
        assertThat(generator.footprint().learnerStateBytes()).isZero();
        assertThatThrownBy(() -> RoleFootprint.measure("both", LearnerWeightsTest.tiny(7)))
                .hasMessageContaining("role must be generator or learner, got 'both'");
    }

    @Test
    void aGenerationOnlyServiceTakesNoCheckpointDirectory() {
        assertThatThrownBy(
                        () ->
                                DjlPolicyService.openForGeneration(
                                        LearnerWeightsTest.tiny(7)
                                                .withCheckpointDir(Path.of("/tmp/ckpt"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keeps no checkpoints")
                .hasMessageContaining("/tmp/ckpt");
    }
}
