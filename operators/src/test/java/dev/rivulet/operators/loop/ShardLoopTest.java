package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ShardLoopTest {

    private final MemoryShardState state = new MemoryShardState();

    private static ShardLoop loop(RolloutLoopConfig config, VersionGate gate) {
        return new ShardLoop(config, LoopStrategies.from(config), gate);
    }

    private static VersionGate unbounded() {
        return new VersionGate(false, 0, () -> 0L);
    }

    private void admit(ShardLoop loop, int prompts) throws Exception {
        for (int i = 0; i < prompts; i++) {
            loop.admit(LoopTestData.prompt("p" + i, i), state);
        }
    }

    /** Right answers for the first half of each request's samples, at {@code version}. */
    private static List<Completion> answer(InflightCall call, long version) {
        List<Completion> out = new ArrayList<>();
        for (GenerationRequest r : call.requests()) {
            String right = Integer.toString(Integer.parseInt(r.prompt().split("\\+")[0]) + 1);
            String[] texts = new String[r.numSamples()];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = i < texts.length / 2 ? right : "x";
            }
            out.addAll(LoopTestData.completions(r, version, new float[] {-1f, -2f}, texts));
        }
        return out;
    }

    @Test
    void admitsAPromptOnce() throws Exception {
        ShardLoop loop = loop(LoopTestData.config(2, 2, 4, false, false), unbounded());
        admit(loop, 1);
        PromptState visited = state.pool.get("p0");
        visited =
                new PromptState(
                        visited.prompt(),
                        visited.tracker(),
                        3,
                        12,
                        6,
                        new int[0],
                        new int[0],
                        new float[0]);
        state.pool.put("p0", visited);
        loop.admit(LoopTestData.prompt("p0", 0), state);
        assertThat(state.pool).containsOnlyKeys("p0");
        assertThat(state.pool.get("p0").visits()).as("the statistics stay").isEqualTo(3);
    }

    @Test
    void plansCallsUpToTheInflightLimitAndRecordsThem() throws Exception {
        ShardLoop loop = loop(LoopTestData.config(2, 2, 4, false, false), unbounded());
        admit(loop, 6);
        ShardLoop.Plan plan = loop.plan(0, state);
        assertThat(plan.calls()).extracting(InflightCall::callId).containsExactly(0L, 1L);
        assertThat(plan.inflight()).isEqualTo(2);
        assertThat(plan.lookAgain()).as("the limit is reached").isFalse();
        assertThat(state.inflight).containsOnlyKeys(0L, 1L);
        assertThat(state.cursor.nextCallId()).isEqualTo(2);
        assertThat(loop.plan(0, state).calls()).as("no room").isEmpty();
    }

    @Test
    void withEveryPromptBusyTheShardLooksAgainLater() throws Exception {
        ShardLoop loop = loop(LoopTestData.config(3, 2, 4, false, false), unbounded());
        admit(loop, 2);
        ShardLoop.Plan plan = loop.plan(0, state);
        assertThat(plan.calls()).hasSize(1);
        assertThat(plan.calls().get(0).requests()).hasSize(2);
        assertThat(plan.inflight()).isEqualTo(1);
        assertThat(plan.lookAgain()).isTrue();
    }

    @Test
    void stopsPlanningAtTheVersionBound() throws Exception {
        VersionGate gate = new VersionGate(false, 8, () -> 0L);
        ShardLoop loop = loop(LoopTestData.config(2, 3, 4, false, false), gate);
        admit(loop, 6);
        gate.countRollout(0); // 1 rollout of version 0 emitted
        ShardLoop.Plan plan = loop.plan(0, state);
        assertThat(plan.calls()).as("1 + 8 in flight reach the bound of 8").hasSize(1);
        assertThat(plan.lookAgain()).isTrue();
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void finishingACallStoresTheNewStatesAndClosesTheSyncGate() throws Exception {
        VersionGate gate = new VersionGate(true, 0, () -> 0L);
        ShardLoop loop = loop(LoopTestData.config(2, 2, 4, true, false), gate);
        admit(loop, 2);
        InflightCall call = loop.plan(0, state).calls().get(0);

        ScoredCall scored = loop.finish(0, call, answer(call, 4), List.of(), state);
        assertThat(scored.emitted()).isEqualTo(8);
        assertThat(state.pool.values()).allSatisfy(p -> assertThat(p.visits()).isEqualTo(1));
        assertThat(state.pool.values()).allSatisfy(p -> assertThat(p.successes()).isEqualTo(2));
        assertThat(gate.isOpen()).as("waits for version 5").isFalse();
        assertThat(state.inflight).as("released by the caller").containsOnlyKeys(0L);
        assertThat(loop.release(call, state)).isZero();
        assertThat(state.inflight).isEmpty();
    }

    @Test
    void aScoredPromptIsRescoredOnItsNextVisitWhenKlAdaptive() throws Exception {
        ShardLoop loop = loop(LoopTestData.config(1, 1, 2, false, true), unbounded());
        admit(loop, 1);
        InflightCall first = loop.plan(0, state).calls().get(0);
        List<Completion> answered = answer(first, 0);
        List<ScoreRequest> requests = loop.rescoring(first, answered, state);
        assertThat(requests)
                .as("nothing stored yet: only the new response")
                .extracting(ScoreRequest::sequenceId)
                .containsExactly("new:p0");
        loop.finish(
                0,
                first,
                answered,
                List.of(new ScoreResult("new:p0", new float[] {-1f, -2f}, 1)),
                state);
        loop.release(first, state);

        InflightCall second = loop.plan(0, state).calls().get(0);
        assertThat(loop.rescoring(second, answer(second, 1), state))
                .extracting(ScoreRequest::sequenceId)
                .containsExactly("stored:p0", "new:p0");
    }

    @Test
    void aRefusedCallIsReplacedInFlightByOneCallPerPrompt() throws Exception {
        ShardLoop loop = loop(LoopTestData.config(3, 2, 4, false, false), unbounded());
        admit(loop, 3);
        InflightCall call = loop.plan(0, state).calls().get(0);
        state.inflight.clear();
        state.inflight.put(call.callId(), call);
        state.cursor = new LoopCursor(1, 1, 1, state.cursor.selector());

        List<InflightCall> parts =
                loop.isolate(0, call, new PolicyInvalidRequestException("too long"), state);
        assertThat(parts).extracting(InflightCall::callId).containsExactly(1L, 2L, 3L);
        assertThat(state.inflight).containsOnlyKeys(1L, 2L, 3L);
        assertThat(state.cursor.inflight()).isEqualTo(3);
        assertThat(state.cursor.nextCallId()).isEqualTo(4);
    }

    @Test
    void aPromptRefusedOnItsOwnLeavesThePoolAsADeadLetter() throws Exception {
        ShardLoop loop = loop(LoopTestData.config(1, 1, 4, false, false), unbounded());
        admit(loop, 2);
        InflightCall call = loop.plan(0, state).calls().get(0);
        String promptId = call.requests().get(0).promptId();
        Throwable error =
                new CompletionException(
                        new PolicyInvalidRequestException(
                                "too long: 10 prompt tokens + 8 new tokens > context 15"));

        DeadLetterEvent dead = loop.dropRefused(0, call, error, 1234L, state);
        assertThat(dead.ts()).isEqualTo(1234L);
        assertThat(dead.source()).isEqualTo("prompt:" + promptId);
        assertThat(dead.code()).isEqualTo("prompt-too-long");
        assertThat(dead.raw()).isEqualTo(call.requests().get(0).prompt());
        assertThat(state.pool).doesNotContainKey(promptId).hasSize(1);
        assertThat(loop.release(call, state)).isZero();
    }

    /**
     * Right answers for the first half of each request's samples, request {@code i} generated by
     * {@code versions[i]}: the calls of a fleet, whose generators may serve different versions.
     */
    private static List<Completion> answerAt(InflightCall call, long... versions) {
        List<Completion> out = new ArrayList<>();
        List<GenerationRequest> requests = call.requests();
        for (int i = 0; i < requests.size(); i++) {
            out.addAll(
                    answer(
                            new InflightCall(
                                    call.callId(),
                                    call.step(),
                                    List.of(requests.get(i)),
                                    call.prior()),
                            versions[i]));
        }
        return out;
    }

    @Test
    void syncWaitsPastTheNewestVersionTheCompletionsReport() throws Exception {
        VersionGate gate = new VersionGate(true, 0, () -> 0L);
        ShardLoop loop = loop(LoopTestData.config(2, 1, 4, true, false), gate);
        admit(loop, 2);
        InflightCall call = loop.plan(0, state).calls().get(0);

        ScoredCall scored = loop.finish(0, call, answerAt(call, 3, 5), List.of(), state);
        assertThat(scored.visits())
                .flatExtracting(v -> v.visit().rollouts())
                .extracting(ScoredRollout::policyVersion)
                .as("each rollout keeps the version its completion reported")
                .containsOnly(3L, 5L)
                .hasSize(8);
        loop.release(call, state);
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(new PolicyVersion(5, 5, "d0"), null))
                .as("the learner at 5 has not trained on the version-5 rollouts")
                .isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(new PolicyVersion(6, 6, "d0"), null))
                .isEqualTo(VersionGate.Decision.OPEN);
    }

    @Test
    void theAsynchronyBoundCountsOnlyTheRolloutsOfTheNewestReportedVersion() throws Exception {
        VersionGate gate = new VersionGate(false, 8, () -> 0L);
        ShardLoop loop = loop(LoopTestData.config(2, 1, 4, false, false), gate);
        admit(loop, 4);
        InflightCall call = loop.plan(0, state).calls().get(0);
        loop.finish(0, call, answerAt(call, 5, 3), List.of(), state);
        loop.release(call, state);

        assertThat(gate.aheadOfLearner(List.of()))
                .as("4 rollouts of version 5 (the 4 of version 3 count against no bound) < 8")
                .isFalse();
        InflightCall next = loop.plan(0, state).calls().get(0);
        loop.finish(0, next, answerAt(next, 5, 5), List.of(), state);
        loop.release(next, state);
        assertThat(gate.aheadOfLearner(List.of())).as("12 of version 5 >= 8").isTrue();
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(new PolicyVersion(6, 6, "d0"), null))
                .as("the learner's version 6 opens it")
                .isEqualTo(VersionGate.Decision.OPEN);
    }
}
