package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutClockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode row(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void anEvaluationCountsTheRolloutsScoredBeforeItStarted() throws Exception {
        List<JsonNode> rollouts = new ArrayList<>();
        for (long ts : new long[] {5000, 1000, 2000, 2000, 3000}) { // unordered, as files are
            rollouts.add(row("{\"ts\":" + ts + "}"));
        }
        RolloutClock clock = new RolloutClock(rollouts);
        assertThat(clock.before(999)).isZero();
        assertThat(clock.before(2000)).isEqualTo(3);
        assertThat(clock.before(10_000)).isEqualTo(5);
        // the driver had read 1 committed rollout; the evaluation ran 2500..3500 ms
        List<JsonNode> evals =
                List.of(row("{\"ts\":3500,\"eval_seconds\":1.0,\"rollouts\":1,\"cell\":\"a\"}"));
        List<JsonNode> fixed = clock.recount(evals);
        assertThat(fixed.get(0).path("rollouts").asLong()).isEqualTo(3);
        assertThat(fixed.get(0).path("cell").asText()).isEqualTo("a");
        assertThat(evals.get(0).path("rollouts").asLong()).as("input unchanged").isEqualTo(1);
        // no duration: counted at ts
        assertThat(clock.recount(List.of(row("{\"ts\":3000}"))).get(0).path("rollouts").asLong())
                .isEqualTo(4);
    }

    @Test
    void withoutRolloutTelemetryTheRowsAreKept() throws Exception {
        List<JsonNode> evals = List.of(row("{\"ts\":3500,\"rollouts\":7}"));
        assertThat(new RolloutClock(List.of()).recount(evals)).isSameAs(evals);
    }
}
