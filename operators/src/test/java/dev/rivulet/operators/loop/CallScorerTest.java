package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallScorerTest {

    private static final float[] LOGPROBS = {-0.5f, -1f};

    private static final GenerationRequest A = LoopTestData.request("ra", "a", 2);
    private static final GenerationRequest B = LoopTestData.request("rb", "b", 2);
    private static final GenerationRequest GONE = LoopTestData.request("rc", "gone", 2);
    private static final GenerationRequest UNANSWERED = LoopTestData.request("rd", "d", 2);
    private static final InflightCall CALL =
            new InflightCall(3, 5, List.of(A, B, GONE, UNANSWERED));

    private static ScoredCall score(boolean dynamicSampling, List<Completion> completions) {
        RolloutLoopConfig config = LoopTestData.config(4, 1, 2, false, false, dynamicSampling);
        LoopStrategies strategies = LoopStrategies.from(config);
        Map<String, PromptState> states =
                Map.of(
                        "a", state(strategies, "a", 1), // answer 2
                        "b", state(strategies, "b", 4), // answer 5
                        "d", state(strategies, "d", 6));
        return new CallScorer(strategies.scorer(), LoopTestData.SEED)
                .score(0, CALL, completions, states, Map.of());
    }

    private static PromptState state(LoopStrategies s, String id, int a) {
        return PromptState.fresh(LoopTestData.prompt(id, a), s.tracker().initial());
    }

    /** a: one right and one wrong answer at version 2; b: two right ones at version 3, reversed. */
    private static List<Completion> answers() {
        List<Completion> b = LoopTestData.completions(B, 3, LOGPROBS, "5", "5");
        List<Completion> out = new ArrayList<>();
        out.add(b.get(1));
        out.addAll(LoopTestData.completions(A, 2, LOGPROBS, "2", "3"));
        out.add(b.get(0));
        out.addAll(LoopTestData.completions(GONE, 2, LOGPROBS, "1", "1"));
        return out;
    }

    @Test
    void scoresEachAnsweredPromptOfTheCallInRequestAndSampleOrder() {
        ScoredCall scored = score(false, answers());

        assertThat(scored.visits())
                .extracting(ScoredCall.Visit::promptId)
                .containsExactly("a", "b");
        List<ScoredRollout> a = scored.visits().get(0).visit().rollouts();
        assertThat(a).extracting(ScoredRollout::rolloutId).containsExactly("ra-0", "ra-1");
        assertThat(a).extracting(ScoredRollout::reward).containsExactly(1.0, 0.0);
        assertThat(a.get(0).advantage()).isPositive();
        assertThat(a.get(0).advantage() + a.get(1).advantage()).isCloseTo(0.0, within(1e-9));
        List<ScoredRollout> b = scored.visits().get(1).visit().rollouts();
        assertThat(b).extracting(ScoredRollout::rolloutId).containsExactly("rb-0", "rb-1");
        assertThat(b).extracting(ScoredRollout::advantage).containsExactly(0.0, 0.0);

        PromptState nextA = scored.visits().get(0).visit().next();
        assertThat(nextA.visits()).isEqualTo(1);
        assertThat(nextA.rollouts()).isEqualTo(2);
        assertThat(nextA.successes()).isEqualTo(1);
        assertThat(nextA.lastLogprobs()).containsExactly(LOGPROBS);

        assertThat(scored.emitted()).isEqualTo(4);
        assertThat(scored.dropped()).isZero();
        assertThat(scored.maxRolloutVersion()).isEqualTo(3);
        assertThat(scored.maxEventVersion()).isEqualTo(3);
        assertThat(scored.rewardMean()).hasValue(0.75);
        assertThat(scored.lastRolloutsPerPrompt()).hasValue(2.0);
    }

    @Test
    void dynamicSamplingDropsTheGroupWithEqualRewardsButReportsItsSamples() {
        ScoredCall scored = score(true, answers());

        assertThat(scored.visits())
                .extracting(v -> v.visit().dropped())
                .containsExactly(false, true);
        assertThat(scored.emitted()).isEqualTo(2);
        assertThat(scored.dropped()).isEqualTo(1);
        assertThat(scored.maxRolloutVersion()).as("only a's rollouts are emitted").isEqualTo(2);
        assertThat(scored.maxEventVersion()).isEqualTo(3);
        assertThat(
                        scored.visits().stream()
                                .flatMap(v -> v.visit().events().stream())
                                .map(RolloutEvent::rolloutId))
                .containsExactly("ra-0", "ra-1", "rb-0", "rb-1");
        assertThat(scored.rewardMean()).hasValue(0.75);
    }

    @Test
    void dynamicSamplingKeepsAGroupOfOne() {
        // a's call asked for 2 samples but one came back: a group of one is not degenerate
        ScoredCall scored = score(true, LoopTestData.completions(A, 2, LOGPROBS, "2"));

        assertThat(scored.visits()).extracting(v -> v.visit().dropped()).containsExactly(false);
        assertThat(scored.emitted()).isEqualTo(1);
        assertThat(scored.dropped()).isZero();
        assertThat(scored.visits().get(0).visit().rollouts())
                .extracting(ScoredRollout::advantage)
                .containsExactly(1.0);
    }

    @Test
    void aCallWithoutAnswersScoresNothing() {
        ScoredCall scored = score(false, List.of());

        assertThat(scored.visits()).isEmpty();
        assertThat(scored.emitted()).isZero();
        assertThat(scored.maxRolloutVersion()).isZero();
        assertThat(scored.rewardMean()).isEmpty();
        assertThat(scored.lastRolloutsPerPrompt()).isEmpty();
    }
}
