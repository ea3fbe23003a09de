package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.server.model.ModelDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a Hub-layout checkpoint (the Qwen3 reference): prompts go through its tokenizer and
 * chat template, greedy generation and scores reproduce expected.json, and a checkpoint it writes
 * is a complete model directory again.
 */
class HubModelServiceTest {

    private static Path fixture() throws Exception {
        return Path.of(HubModelServiceTest.class.getResource("/hf-tiny-qwen3").toURI());
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    @Test
    void chatPromptsGreedyGenerationAndScoresMatchTheReference(@TempDir Path ckpt)
            throws Exception {
        JsonNode expected =
                new ObjectMapper().readTree(fixture().resolve("expected.json").toFile());
        JsonNode pair0 = expected.get("pairs").get(0);
        ServiceConfig config =
                ServiceConfig.defaults().withModelDir(fixture()).withCheckpointDir(ckpt);
        try (DjlPolicyService service = DjlPolicyService.open(config)) {
            GenerationRequest chat =
                    new GenerationRequest(
                                    "r0", "p0", pair0.get("prompt").asText(), 1, 0f, 1f, 8, 1, true)
                            .withTemplate(GenerationRequest.CHAT, "");
            List<Admission> admitted = service.admit(List.of(chat));
            assertThat(admitted.get(0).refusal()).isNull();
            assertThat(admitted.get(0).promptTokens()).isEqualTo(pair0.get("prompt_ids").size());

            List<Completion> out = new ArrayList<>();
            service.generate(List.of(chat), out::add);
            assertThat(out.get(0).promptTokens()).containsExactly(ints(pair0.get("prompt_ids")));
            assertThat(out.get(0).tokens())
                    .containsExactly(ints(expected.get("greedy_after_pair0")));

            List<ScoreResult> scores =
                    service.score(
                            List.of(
                                    new ScoreRequest(
                                            "s0",
                                            ints(pair0.get("prompt_ids")),
                                            ints(pair0.get("completion_ids")))));
            JsonNode lp = pair0.get("completion_logprobs");
            for (int i = 0; i < lp.size(); i++) {
                assertThat((double) scores.get(0).logprobs()[i])
                        .isCloseTo(lp.get(i).asDouble(), org.assertj.core.data.Offset.offset(2e-3));
            }

            Path written = Path.of(service.checkpoint().path());
            for (String f :
                    List.of(
                            "config.json",
                            "model.safetensors",
                            "tokenizer.json",
                            "tokenizer_config.json",
                            "generation_config.json")) {
                assertThat(written.resolve(f)).as(f).exists();
            }
            assertThat(ModelDir.readConfig(written)).isEqualTo(ModelDir.readConfig(fixture()));
            assertThat(Files.readString(written.resolve("tokenizer_config.json")))
                    .isEqualTo(Files.readString(fixture().resolve("tokenizer_config.json")));
        }
    }

    @Test
    void aPromptTooLongForTheContextOrTheTemplateIsRefusedByName() throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withModelDir(fixture());
        try (DjlPolicyService service = DjlPolicyService.open(config)) {
            GenerationRequest huge =
                    new GenerationRequest("big", "p", "1 ".repeat(3000), 1, 1f, 1f, 8, 1, false);
            GenerationRequest raw =
                    new GenerationRequest("raw", "p", "12+34=", 1, 1f, 1f, 8, 1, false)
                            .withTemplate(GenerationRequest.RAW, "be brief");
            List<Admission> a = service.admit(List.of(huge, raw));
            assertThat(a.get(0).refusal())
                    .isEqualTo("too long: 6000 prompt tokens + 8 new tokens > context 2048");
            assertThat(a.get(1).refusal()).contains("a system prompt needs prompt template chat");
        }
    }
}
