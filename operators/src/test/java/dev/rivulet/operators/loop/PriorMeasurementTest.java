package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPO's prior: N_init samples of a new prompt before it may be selected. */
class PriorMeasurementTest {

    private final MemoryShardState state = new MemoryShardState();

    private static ShardLoop loop(RolloutLoopConfig config, VersionGate gate) {
        return new ShardLoop(config, LoopStrategies.from(config), gate);
    }

    private static RolloutLoopConfig spo(int promptsPerCall, int inflight, boolean sync) {
        return LoopTestData.spo(promptsPerCall, inflight, sync, false, Map.of());
    }

    private static VersionGate unbounded() {
        return new VersionGate(false, 0, () -> 0L);
    }

    private void admit(ShardLoop loop, int prompts) throws Exception {
        for (int i = 0; i < prompts; i++) {
            loop.admit(LoopTestData.prompt("p" + i, i), state);
        }
    }

    /** Prompt {@code i} ("i+1=") answered right by the first {@code right[i]} samples. */
    private static List<Completion> answer(InflightCall call, int... right) {
        List<Completion> out = new ArrayList<>();
        for (GenerationRequest r : call.requests()) {
            int a = Integer.parseInt(r.prompt().split("\\+")[0]);
            String[] texts = new String[r.numSamples()];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = i < right[a] ? Integer.toString(a + 1) : "x";
            }
            out.addAll(LoopTestData.completions(r, 2, new float[] {-1f}, texts));
        }
        return out;
    }

    private static List<String> promptIds(InflightCall call) {
        return call.requests().stream().map(GenerationRequest::promptId).toList();
    }

    @Test
    void aNewPromptGetsOnePriorCallOfEightSamplesBeforeItCanBeSelected() throws Exception {
        ShardLoop loop = loop(spo(2, 2, false), unbounded());
        admit(loop, 3);
        assertThat(state.pool.values()).allSatisfy(p -> assertThat(p.priorSamples()).isEqualTo(8));

        ShardLoop.Plan plan = loop.plan(0, state);
        assertThat(plan.calls()).hasSize(2).allSatisfy(c -> assertThat(c.prior()).isTrue());
        assertThat(promptIds(plan.calls().get(0))).containsExactly("p0", "p1");
        assertThat(promptIds(plan.calls().get(1))).containsExactly("p2");
        assertThat(plan.calls())
                .flatMap(InflightCall::requests)
                .allSatisfy(r -> assertThat(r.numSamples()).isEqualTo(8));
        assertThat(state.cursor.step()).as("a prior call selects nothing").isZero();

        InflightCall first = plan.calls().get(0);
        ScoredCall scored = loop.finish(0, first, answer(first, 3, 8, 0), List.of(), state);
        loop.release(first, state);
        assertThat(state.pool.get("p0").priorPending()).isFalse();
        assertThat(state.pool.get("p2").priorPending()).as("still in flight").isTrue();

        // p0 and p1 are selectable now; p2 is busy with its prior
        InflightCall train = loop.plan(0, state).calls().get(0);
        assertThat(train.prior()).isFalse();
        assertThat(promptIds(train)).containsExactlyInAnyOrder("p0", "p1");
        assertThat(train.requests()).allSatisfy(r -> assertThat(r.numSamples()).isEqualTo(1));
        assertThat(scored.generated()).isEqualTo(16);
    }

    @Test
    void theTrackerStartsAtThePriorOfTheMeasuredSuccesses() throws Exception {
        ShardLoop loop = loop(spo(2, 1, false), unbounded());
        admit(loop, 2);
        InflightCall call = loop.plan(0, state).calls().get(0);
        loop.finish(0, call, answer(call, 3, 8), List.of(), state);

        // s = 3 of 8: alpha0 = 8 * 3.5 / 9 = 28/9, beta0 = 8 * 5.5 / 9 = 44/9
        PromptState p0 = state.pool.get("p0");
        assertThat(p0.tracker().alpha()).isCloseTo(28.0 / 9, within(1e-12));
        assertThat(p0.tracker().beta()).isCloseTo(44.0 / 9, within(1e-12));
        assertThat(p0.tracker().seen()).isZero();
        // s = 8 of 8: alpha0 = 8 * 8.5 / 9 = 68/9, beta0 = 8 * 0.5 / 9 = 4/9
        PromptState p1 = state.pool.get("p1");
        assertThat(p1.tracker().alpha()).isCloseTo(68.0 / 9, within(1e-12));
        assertThat(p1.tracker().beta()).isCloseTo(4.0 / 9, within(1e-12));
        assertThat(p0.visits()).as("a prior is not a visit").isZero();
        assertThat(p0.rollouts()).isEqualTo(8);
        assertThat(p0.successes()).isEqualTo(3);
        assertThat(p0.hasStoredResponse()).isFalse();
    }

    @Test
    void priorRolloutsCountAsGeneratedButNeverReachTheLearner() throws Exception {
        VersionGate gate = new VersionGate(true, 0, () -> 0L);
        ShardLoop loop = loop(spo(2, 1, true), gate);
        admit(loop, 2);
        InflightCall call = loop.plan(0, state).calls().get(0);
        ScoredCall scored = loop.finish(0, call, answer(call, 3, 8), List.of(), state);

        assertThat(scored.emitted()).isZero();
        assertThat(scored.visits()).allSatisfy(v -> assertThat(v.visit().rollouts()).isEmpty());
        List<RolloutEvent> events =
                scored.visits().stream().flatMap(v -> v.visit().events().stream()).toList();
        assertThat(events).hasSize(16);
        assertThat(scored.generated()).isEqualTo(16);
        assertThat(events)
                .allSatisfy(
                        e -> {
                            assertThat(e.phase()).isEqualTo(RolloutEvent.PRIOR);
                            assertThat(e.dropped()).as("not sent to the learner").isTrue();
                            assertThat(e.advantage()).isZero();
                            assertThat(e.groupSize()).isEqualTo(8);
                        });
        assertThat(events.stream().mapToDouble(RolloutEvent::reward).sum()).isEqualTo(11.0);
        assertThat(gate.isOpen()).as("no training to wait for").isTrue();
        loop.release(call, state);

        InflightCall train = loop.plan(0, state).calls().get(0);
        ScoredCall trained = loop.finish(0, train, answer(train, 1, 1), List.of(), state);
        assertThat(trained.emitted()).isEqualTo(2);
        assertThat(trained.visits())
                .flatMap(v -> v.visit().events())
                .allSatisfy(e -> assertThat(e.phase()).isEqualTo(RolloutEvent.TRAIN));
        assertThat(gate.isOpen()).as("the sync gate waits for the learner").isFalse();
    }

    @Test
    void priorSamplesZeroKeepsTheLoopAsItWas() throws Exception {
        RolloutLoopConfig config =
                LoopTestData.spo(2, 1, false, false, Map.of("prior-samples", "0"));
        ShardLoop loop = loop(config, unbounded());
        admit(loop, 2);
        LoopStrategies strategies = LoopStrategies.from(config);
        assertThat(state.pool.get("p0"))
                .isEqualTo(
                        PromptState.fresh(
                                LoopTestData.prompt("p0", 0), strategies.tracker().initial()));

        InflightCall call = loop.plan(0, state).calls().get(0);
        assertThat(call.prior()).isFalse();
        assertThat(promptIds(call)).containsExactlyInAnyOrder("p0", "p1");
        assertThat(state.pool.get("p0").tracker().alpha()).isEqualTo(0.5);
        assertThat(state.pool.get("p0").tracker().beta()).isEqualTo(0.5);
    }

    @Test
    void aRestoreMidPriorNeitherLosesNorDoublesThePrior() throws Exception {
        RolloutLoopConfig config = spo(1, 2, false);
        ShardLoop before = loop(config, unbounded());
        admit(before, 2);
        before.plan(0, state); // p0 and p1 each get a prior call
        // the snapshot: p0's prior call in flight, p1's prior call not sent yet (as if the
        // checkpoint came between admitting p1 and planning its call)
        InflightCall p0Prior = state.inflight.get(0L);
        state.inflight.remove(1L);
        state.cursor = new LoopCursor(1, 0, 1, state.cursor.selector());
        assertThat(p0Prior.prior()).isTrue();

        ShardLoop restored = loop(config, unbounded());
        // the operator re-issues p0's call; planning adds p1's prior and nothing for p0
        List<InflightCall> planned = restored.plan(0, state).calls();
        assertThat(planned).hasSize(1);
        assertThat(planned.get(0).prior()).isTrue();
        assertThat(promptIds(planned.get(0))).containsExactly("p1");

        restored.finish(0, p0Prior, answer(p0Prior, 2), List.of(), state);
        PromptState measured = state.pool.get("p0");
        assertThat(measured.rollouts()).isEqualTo(8);
        // the re-issued call answered as well (the operator drops a second answer of a call
        // it has released; scoring one twice must not measure the prior twice either)
        restored.finish(0, p0Prior, answer(p0Prior, 7), List.of(), state);
        assertThat(state.pool.get("p0")).isEqualTo(measured);
    }

    @Test
    void aRefusedPriorCallIsSplitIntoPriorCalls() throws Exception {
        ShardLoop loop = loop(spo(2, 1, false), unbounded());
        admit(loop, 2);
        InflightCall call = loop.plan(0, state).calls().get(0);
        List<InflightCall> parts =
                loop.isolate(0, call, new PolicyInvalidRequestException("too long"), state);
        assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p.prior()).isTrue());
    }

    @Test
    void aPriorWhoseSamplesAllFailedGuidesTheFirstTrainingVisit() throws Exception {
        // scaffold's k = 8 equals the prior's N = 8: p0 failed all 8 (p-hat stays 0 after k
        // rollouts), p1 solved 1 of 8
        RolloutLoopConfig config = LoopTestData.withHints(spo(2, 1, false), "scaffold", Map.of());
        ShardLoop loop = loop(config, unbounded());
        admit(loop, 2);
        InflightCall prior = loop.plan(0, state).calls().get(0);
        assertThat(prior.requests()).allSatisfy(r -> assertThat(r.hinted()).isFalse());
        ScoredCall scored = loop.finish(0, prior, answer(prior, 0, 1), List.of(), state);
        loop.release(prior, state);
        assertThat(scored.emitted()).as("the prior is still never trained on").isZero();
        assertThat(state.pool.get("p0").hint().level()).isEqualTo(1);
        assertThat(state.pool.get("p1").hint().level()).isZero();
        assertThat(state.pool.get("p1").hint().failures()).isZero();

        InflightCall train = loop.plan(0, state).calls().get(0);
        assertThat(train.prior()).isFalse();
        Map<String, GenerationRequest> byPrompt = new java.util.HashMap<>();
        train.requests().forEach(r -> byPrompt.put(r.promptId(), r));
        assertThat(byPrompt.get("p0").hint().text()).as("the answer's first digit").isEqualTo("1");
        assertThat(byPrompt.get("p1").hinted()).isFalse();
    }
}
