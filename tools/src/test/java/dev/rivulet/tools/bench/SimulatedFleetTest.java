package dev.rivulet.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench-only simulated learner, generator and learning curve, without Flink or Flight. */
class SimulatedFleetTest {

    private static final LearningCurve CURVE = new LearningCurve(0.1, 0.9, 1000, 0.5);

    private static ScoredRollout rollout(String id, long version, int tokens) {
        return new ScoredRollout(
                id,
                "p",
                "arith",
                1,
                new int[] {1},
                new int[tokens],
                new float[tokens],
                1,
                0,
                version);
    }

    @Test
    void theCurveRisesFromStartToEndAndInvertsAtTheTarget() {
        assertThat(CURVE.accuracy(0)).isEqualTo(0.1);
        assertThat(CURVE.accuracy(1000)).isCloseTo(0.1 + 0.8 * (1 - Math.exp(-1)), offset(1e-12));
        assertThat(CURVE.accuracy(CURVE.progressFor(0.7))).isCloseTo(0.7, offset(1e-12));
        assertThat(CURVE.weight(0)).isEqualTo(1.0);
        assertThat(CURVE.weight(2)).isEqualTo(0.25);
        assertThatThrownBy(() -> CURVE.progressFor(0.95))
                .hasMessage(
                        "target accuracy 0.95 is not between the curve's start 0.1 and end 0.9");
        assertThatThrownBy(() -> new LearningCurve(0.1, 0.9, 10, 0))
                .hasMessage("the staleness discount must be in (0, 1], got 0.0");
    }

    @Test
    void theLearnerWeighsStaleRolloutsAndAnswersARepeatedBatchAsADuplicate() {
        SimulatedLearner learner = new SimulatedLearner(0, CURVE);
        learner.train(
                new TrainBatch("b0", List.of(rollout("r0", 0, 3), rollout("r1", 0, 3)), false));
        assertThat(learner.currentVersion()).isEqualTo(1);
        assertThat(learner.progressAt(1)).isEqualTo(2.0);
        // at version 1: one fresh rollout (1) and one of version 0 (0.5)
        TrainResult r =
                learner.train(
                        new TrainBatch(
                                "b1", List.of(rollout("r2", 1, 2), rollout("r3", 0, 2)), false));
        assertThat(r.policyVersion()).isEqualTo(2);
        assertThat(r.tokens()).isEqualTo(4);
        assertThat(learner.progressAt(2)).isEqualTo(3.5);
        assertThat(
                        learner.train(new TrainBatch("b1", List.of(rollout("r2", 1, 2)), false))
                                .duplicate())
                .isTrue();
        assertThat(learner.currentVersion()).isEqualTo(2);
        assertThat(learner.trained()).isEqualTo(4);
        assertThat(learner.duplicateRollouts()).isZero();
        learner.train(new TrainBatch("b2", List.of(rollout("r0", 2, 1)), false));
        assertThat(learner.duplicateRollouts()).as("r0 trained twice").isEqualTo(1);
        assertThat(learner.steps().steps()).isEqualTo(3);
        assertThatThrownBy(() -> learner.generate(List.of(), c -> {}))
                .isInstanceOf(PolicyInvalidRequestException.class);
    }

    @Test
    void aTrainStepSleepsItsTokenCostInsideTheStepClock() {
        SimulatedLearner learner = new SimulatedLearner(1_000_000L, CURVE); // 1 ms per token
        learner.train(new TrainBatch("b0", List.of(rollout("r0", 0, 30)), false));
        assertThat(learner.steps().stepSeconds()).isBetween(0.030, 1.0);
    }

    @Test
    void theGeneratorAnswersRightAsOftenAsTheCurveSaysAtTheLearnersVersion() {
        SimulatedLearner learner = new SimulatedLearner(0, CURVE);
        SimulatedGenerator g = new SimulatedGenerator(learner, CURVE, 0);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(
                    new GenerationRequest(
                            "q" + i, "p" + i, i + "+" + (i + 2) + "=", 40, 1f, 1f, 8, i, false));
        }
        List<Completion> out = new ArrayList<>();
        g.generate(requests, out::add);
        long right =
                out.stream()
                        .filter(c -> c.text().equals(Integer.toString(2 * requestIndex(c) + 2)))
                        .count();
        assertThat(out).hasSize(2000).allSatisfy(c -> assertThat(c.policyVersion()).isZero());
        assertThat(right / 2000.0).as("the curve's start, 0.1").isCloseTo(0.1, offset(0.03));
        assertThat(g.generated()).isEqualTo(2000);
        assertThat(g.answered()).hasSize(50);

        assertThat(SimulatedGenerator.answer("3+4=", 1, 0, 0, 1.0)).isEqualTo("7");
        assertThat(SimulatedGenerator.answer("3+4=", 1, 0, 0, 0.0)).isEqualTo("8");
        assertThat(SimulatedGenerator.answer("sort 3 1", 1, 0, 0, 1.0)).isEqualTo("?");
    }

    private static int requestIndex(Completion c) {
        return Integer.parseInt(c.requestId().substring(1));
    }

    @Test
    void aGeneratorSleepsItsTokenCostAndAFailedOneIsUnavailable() {
        SimulatedLearner learner = new SimulatedLearner(0, CURVE);
        SimulatedGenerator g = new SimulatedGenerator(learner, CURVE, 1_000_000L);
        List<GenerationRequest> one =
                List.of(new GenerationRequest("q0", "p0", "12+30=", 10, 1f, 1f, 8, 1, false));
        g.generate(one, c -> {});
        assertThat(g.busyNanos())
                .as("10 samples of 2 tokens at 1 ms")
                .isGreaterThanOrEqualTo(20_000_000L);
        g.fail();
        assertThatThrownBy(
                        () ->
                                g.generate(
                                        List.of(
                                                new GenerationRequest(
                                                        "q1", "p0", "12+30=", 1, 1f, 1f, 8, 1,
                                                        false)),
                                        c -> {}))
                .isInstanceOf(PolicyUnavailableException.class);
        assertThat(g.received()).containsExactlyInAnyOrder("q0", "q1");
        assertThat(g.answered()).containsExactly("q0");
        assertThatThrownBy(() -> g.train(new TrainBatch("b", List.of(rollout("r", 0, 1)), false)))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("send train batch b to the learner");
    }
}
