package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.GenerationRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallPlannerTest {

    private static CallPlanner planner(RolloutLoopConfig config) {
        return new CallPlanner(config, LoopStrategies.from(config));
    }

    private static Map<String, PromptState> pool(String... ids) {
        Map<String, PromptState> out = new LinkedHashMap<>();
        LoopStrategies s = LoopStrategies.from(LoopTestData.config(1, 1, 1, false, false));
        for (int i = 0; i < ids.length; i++) {
            out.put(
                    ids[i],
                    PromptState.fresh(LoopTestData.prompt(ids[i], i), s.tracker().initial()));
        }
        return out;
    }

    private static LoopCursor start() {
        return LoopCursor.start(LoopTestData.SEED);
    }

    @Test
    void aPoolSmallerThanACallGivesOneCallOfEveryPrompt() {
        CallPlanner planner = planner(LoopTestData.config(3, 2, 4, false, false));
        CallPlanner.Planned planned =
                planner.next(5, start(), pool("a", "b").entrySet(), List.of()).orElseThrow();

        InflightCall call = planned.call();
        assertThat(call.callId()).isZero();
        assertThat(call.step()).isZero();
        assertThat(call.requests())
                .extracting(GenerationRequest::promptId)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(call.requests())
                .extracting(GenerationRequest::requestId)
                .containsExactly("s5-c0-p0", "s5-c0-p1");
        assertThat(call.requests()).allSatisfy(r -> assertThat(r.numSamples()).isEqualTo(4));
        assertThat(call.requests().get(1).seed())
                .isEqualTo(LoopRandom.of(LoopTestData.SEED, 5, 0, 2).nextLong());
        LoopCursor after = planned.cursor();
        assertThat(after.nextCallId()).isEqualTo(1);
        assertThat(after.step()).isEqualTo(1);
        assertThat(after.inflight()).isEqualTo(1);
        assertThat(after.selector()).isNotEqualTo(start().selector());
    }

    @Test
    void aFullPoolGivesCallsOfPromptsPerCallWithoutRepeats() {
        CallPlanner planner = planner(LoopTestData.config(2, 2, 4, false, false));
        Map<String, PromptState> pool = pool("a", "b", "c", "d");
        CallPlanner.Planned first =
                planner.next(0, start(), pool.entrySet(), List.of()).orElseThrow();
        CallPlanner.Planned second =
                planner.next(0, first.cursor(), pool.entrySet(), List.of(first.call()))
                        .orElseThrow();
        assertThat(first.call().requests()).hasSize(2);
        assertThat(second.call().requests()).hasSize(2);
        assertThat(second.call().callId()).isEqualTo(1);
        assertThat(second.call().requests().get(0).requestId()).isEqualTo("s0-c1-p0");
        assertThat(
                        List.of(first.call(), second.call()).stream()
                                .flatMap(c -> c.requests().stream())
                                .map(GenerationRequest::promptId))
                .containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(second.cursor().inflight()).isEqualTo(2);
    }

    @Test
    void promptsInFlightAreNotPlannedAgain() {
        CallPlanner planner = planner(LoopTestData.config(3, 2, 4, false, false));
        InflightCall busy =
                new InflightCall(7, 3, List.of(LoopTestData.request("s0-c7-p0", "b", 4)));
        CallPlanner.Planned planned =
                planner.next(0, start(), pool("a", "b", "c").entrySet(), List.of(busy))
                        .orElseThrow();
        assertThat(planned.call().requests())
                .extracting(GenerationRequest::promptId)
                .containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void nothingToPlanWhenThePoolIsEmptyOrEveryPromptIsBusy() {
        CallPlanner planner = planner(LoopTestData.config(3, 2, 4, false, false));
        assertThat(planner.next(0, start(), Map.<String, PromptState>of().entrySet(), List.of()))
                .isEmpty();
        InflightCall busy =
                new InflightCall(0, 0, List.of(LoopTestData.request("s0-c0-p0", "a", 4)));
        assertThat(planner.next(0, start(), pool("a").entrySet(), List.of(busy))).isEmpty();
    }

    @Test
    void theInflightLimitIsTheConfiguredOneAndOneInSyncMode() {
        CallPlanner async = planner(LoopTestData.config(3, 2, 4, false, false));
        CallPlanner sync = planner(LoopTestData.config(3, 2, 4, true, false));
        LoopCursor none = start();
        LoopCursor one = new LoopCursor(1, 1, 1, none.selector());
        LoopCursor two = new LoopCursor(2, 2, 2, none.selector());
        assertThat(async.hasRoom(none)).isTrue();
        assertThat(async.hasRoom(one)).isTrue();
        assertThat(async.hasRoom(two)).as("limit reached").isFalse();
        assertThat(sync.hasRoom(none)).isTrue();
        assertThat(sync.hasRoom(one)).as("one call at a time").isFalse();
    }

    @Test
    void theSamePlanComesBackFromTheSameState() {
        CallPlanner planner = planner(LoopTestData.config(2, 2, 4, false, false));
        Map<String, PromptState> pool = pool("a", "b", "c", "d", "e");
        assertThat(planner.next(3, start(), pool.entrySet(), List.of()))
                .isEqualTo(planner.next(3, start(), pool.entrySet(), List.of()));
    }

    @Test
    void aRefusedCallIsSentAgainOnePromptPerCallWithTheSameRequests() {
        CallPlanner planner = planner(LoopTestData.config(3, 2, 4, false, false));
        InflightCall refused =
                new InflightCall(
                        4,
                        9,
                        List.of(
                                LoopTestData.request("s0-c4-p0", "a", 4),
                                LoopTestData.request("s0-c4-p1", "b", 4),
                                LoopTestData.request("s0-c4-p2", "c", 4)));
        LoopCursor c = new LoopCursor(6, 10, 2, start().selector());
        CallPlanner.Resend resend = planner.split(refused, c);
        assertThat(resend.parts()).extracting(InflightCall::callId).containsExactly(6L, 7L, 8L);
        assertThat(resend.parts()).allSatisfy(p -> assertThat(p.step()).isEqualTo(9));
        assertThat(resend.parts())
                .extracting(p -> p.requests().get(0))
                .containsExactlyElementsOf(refused.requests());
        assertThat(resend.cursor()).isEqualTo(new LoopCursor(9, 10, 4, c.selector()));
    }

    @Test
    void releasingACallFreesOneSlotAndNeverGoesBelowZero() {
        LoopCursor two = new LoopCursor(5, 5, 2, start().selector());
        assertThat(CallPlanner.released(two)).isEqualTo(new LoopCursor(5, 5, 1, two.selector()));
        LoopCursor none = new LoopCursor(5, 5, 0, two.selector());
        assertThat(CallPlanner.released(none).inflight()).isZero();
    }
}
