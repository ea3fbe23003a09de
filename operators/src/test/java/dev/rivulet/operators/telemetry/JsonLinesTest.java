package dev.rivulet.operators.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    private static List<String> fieldNames(String json) throws IOException {
        JsonNode node = JsonLines.mapper().readTree(json);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void recordComponentsBecomeSnakeCaseFields() throws IOException {
        RolloutEvent r =
                new RolloutEvent(1L, "r1", "p1", "arith", 3, 0, 1.0, 0.5, 7L, 12, 8, false, "STOP");
        assertThat(fieldNames(JsonLines.toJson(r)))
                .containsExactly(
                        "ts",
                        "rollout_id",
                        "prompt_id",
                        "task",
                        "difficulty",
                        "shard",
                        "reward",
                        "advantage",
                        "policy_version",
                        "response_tokens",
                        "group_size",
                        "dropped",
                        "finish_reason",
                        "reward_parts",
                        "phase",
                        "hint_level");
        assertThat(JsonLines.fromJson(JsonLines.toJson(r), RolloutEvent.class)).isEqualTo(r);
        assertThat(r.phase()).isEqualTo(RolloutEvent.TRAIN);
        String older =
                JsonLines.toJson(r)
                        .replace(",\"phase\":\"train\"", "")
                        .replace(",\"hint_level\":0", "");
        assertThat(older).doesNotContain("phase").doesNotContain("hint_level");
        assertThat(JsonLines.fromJson(older, RolloutEvent.class))
                .as("a line written before the phase existed reads as a training rollout")
                .isEqualTo(r);
    }

    /** A reader built before {@code reward_parts} existed. */
    record OldRolloutEvent(
            long ts,
            String rolloutId,
            String promptId,
            String task,
            int difficulty,
            int shard,
            double reward,
            double advantage,
            long policyVersion,
            int responseTokens,
            int groupSize,
            boolean dropped,
            String finishReason) {}

    @Test
    void rewardPartsAreAnObjectInReportOrderThatOldReadersIgnore() throws IOException {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("correctness", 1.0);
        parts.put("format", 1.0);
        parts.put("multiset", 0.0);
        RolloutEvent r =
                new RolloutEvent(
                        1L,
                        "r1",
                        "p1",
                        "sort",
                        3,
                        0,
                        1.0,
                        0.5,
                        7L,
                        12,
                        8,
                        false,
                        "STOP",
                        parts,
                        RolloutEvent.TRAIN);
        String json = JsonLines.toJson(r);
        assertThat(json)
                .contains("\"reward_parts\":{\"correctness\":1.0,\"format\":1.0,\"multiset\":0.0}");
        RolloutEvent back = JsonLines.fromJson(json, RolloutEvent.class);
        assertThat(back).isEqualTo(r);
        assertThat(back.rewardParts().keySet())
                .containsExactly("correctness", "format", "multiset");
        OldRolloutEvent old = JsonLines.fromJson(json, OldRolloutEvent.class);
        assertThat(old.reward()).isEqualTo(1.0);
        assertThat(old.finishReason()).isEqualTo("STOP");
        // a line written before the field existed reads back with no parts
        String before = JsonLines.toJson(old);
        assertThat(before).doesNotContain("reward_parts");
        assertThat(JsonLines.fromJson(before, RolloutEvent.class).rewardParts()).isEmpty();
    }

    @Test
    void rewardPartsSurviveFlinksSerializer() throws IOException {
        RolloutEvent r =
                new RolloutEvent(
                        1L,
                        "r1",
                        "p1",
                        "gsm8k",
                        3,
                        0,
                        0.0,
                        -0.5,
                        7L,
                        12,
                        8,
                        false,
                        "LENGTH",
                        Map.of("correctness", 0.0, "format", 1.0),
                        RolloutEvent.PRIOR);
        TypeSerializer<RolloutEvent> s =
                Telemetry.ROLLOUTS.getTypeInfo().createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(r, out);
        RolloutEvent back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(r);
        assertThat(s.copy(r)).isEqualTo(r);
    }

    @Test
    void nanAndInfinitiesAreValidJsonAndReadBack() throws IOException {
        LearnerStepEvent step =
                new LearnerStepEvent(
                        new LearnerStepEvent.Id(5L, "b-1", 3L),
                        new LearnerStepEvent.Losses(
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                0.1,
                                2.0),
                        new LearnerStepEvent.Batch(64, 900, 0.8, 0.5, 2L, 0.4),
                        new LearnerStepEvent.Progress(100L, 0L, 12L, false, 0L));
        String json = JsonLines.toJson(step);
        assertThat(json)
                .contains("\"loss\":\"NaN\"")
                .contains("\"kl\":\"Infinity\"")
                .contains("\"entropy\":\"-Infinity\"")
                .contains("\"clip_fraction\":0.1")
                .contains("\"effective_gradient_ratio\"");
        // strict JSON: a parser without non-numeric-number support reads it
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        LearnerStepEvent back = JsonLines.fromJson(json, LearnerStepEvent.class);
        assertThat(back.losses().loss()).isNaN();
        assertThat(back).isEqualTo(step);
    }

    @Test
    void encoderWritesOneLinePerRecord() throws IOException {
        JsonLinesEncoder<DeadLetterEvent> encoder = new JsonLinesEncoder<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(
                new DeadLetterEvent(1L, "a.jsonl", 2L, "bad-json: x", "bad-json", "{\n"), out);
        encoder.encode(new DeadLetterEvent(3L, "b.jsonl", 4L, "r", "c", "é"), out);
        List<String> lines = new String(out.toByteArray(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(fieldNames(lines.get(0)))
                .containsExactly("ts", "source", "line", "reason", "code", "raw");
        assertThat(JsonLines.fromJson(lines.get(1), DeadLetterEvent.class).raw()).isEqualTo("é");
    }

    @Test
    void deadLetterTextIsCutWithoutBreakingUtf8() {
        String emoji = "😀".repeat(300); // 600 UTF-16 chars
        String cut = DeadLetterEvent.safeText(emoji, 401);
        assertThat(cut).hasSize(400).isEqualTo("😀".repeat(200));
        assertThat(DeadLetterEvent.safeText("a\uD800b", 10)).isEqualTo("a\uFFFDb");
        assertThat(DeadLetterEvent.safeText(null, 10)).isEmpty();
    }
}
