package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scorer puts each rollout's reward parts into its telemetry event. */
class RolloutScorerPartsTest {

    @Test
    void eachEventCarriesItsRewardParts() {
        LoopStrategies strategies = LoopStrategies.from(LoopTestData.config(1, 1, 3, false, false));
        PromptState state =
                PromptState.fresh(LoopTestData.prompt("a", 1), strategies.tracker().initial());
        GenerationRequest request = LoopTestData.request("ra", "a", 3);
        List<Completion> group =
                LoopTestData.completions(request, 2, new float[] {-1f}, "2", "3", "two");

        ScoredVisit visit =
                strategies.scorer().score(state, group, 0.0, 1, 0, new SplittableRandom(1));

        assertThat(visit.events())
                .extracting(RolloutEvent::rewardParts)
                .containsExactly(
                        Map.of("correctness", 1.0, "format", 1.0),
                        Map.of("correctness", 0.0, "format", 1.0),
                        Map.of("correctness", 0.0, "format", 0.0));
        assertThat(visit.events()).extracting(RolloutEvent::reward).containsExactly(1.0, 0.0, 0.0);
    }
}
