package dev.rivulet.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.jobs.eval.SampledEval;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampled figures an evaluation telemetry row carries per cell. */
class EvaluationRowTest {

    @Test
    void aRowGetsItsCellsPassAtKAndMeanAtK() {
        SampledEval s =
                new SampledEval(
                        4, 0.6, 1.0, Map.of("a:1", new int[] {4, 0}, "a:2", new int[] {1}), 2500);
        ObjectNode row = new ObjectMapper().createObjectNode();
        TrainingRun.putSampled(row, s, "a:1");
        assertThat(row.path("samples").asInt()).isEqualTo(4);
        assertThat(row.path("sample_temperature").asDouble()).isEqualTo(0.6);
        assertThat(row.path("sampled_prompts").asInt()).isEqualTo(2);
        assertThat(row.path("pass_at_k").asDouble()).isEqualTo(0.5);
        assertThat(row.path("mean_at_k").asDouble()).isEqualTo(0.5);
        assertThat(row.path("sampled_seconds").asDouble()).isEqualTo(2.5);
    }

    @Test
    void offLeavesTheRowAlone() {
        ObjectNode row = new ObjectMapper().createObjectNode();
        TrainingRun.putSampled(row, SampledEval.NONE, "a:1");
        assertThat(row.isEmpty()).isTrue();
    }
}
