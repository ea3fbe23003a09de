package dev.rivulet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rivulet logprobs` on the tiny Qwen3 reference reproduces expected.json (transformers, float64)
 * for every pair: prompt and completion ids exactly, log-probs to 2e-3; bad input exits 2 with one
 * message on stderr and nothing on stdout.
 */
class LogprobsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path model;
    private static JsonNode expected;

    @TempDir Path dir;

    @BeforeAll
    static void fixture() throws Exception {
        model = CliRun.qwen3Fixture();
        assertThat(model.resolve("expected.json")).isRegularFile();
        expected = JSON.readTree(model.resolve("expected.json").toFile());
    }

    private static JsonNode line(CliRun run) throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode line = JSON.readTree(run.out());
        assertThat(line.fieldNames())
                .toIterable()
                .containsExactly("prompt_ids", "completion_ids", "logprobs");
        return line;
    }

    @Test
    void everyPairOfExpectedJson() throws Exception {
        assertThat(expected.get("pairs").size()).isGreaterThanOrEqualTo(3);
        for (JsonNode pair : expected.get("pairs")) {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "logprobs",
                                    "--model",
                                    model.toString(),
                                    "--prompt",
                                    pair.get("prompt").asText(),
                                    "--completion",
                                    pair.get("completion").asText()));
            if (pair.get("chat").asBoolean()) {
                args.add("--chat");
            }
            JsonNode line = line(CliRun.of(args.toArray(String[]::new)));
            String what = pair.get("prompt").asText();
            assertThat(line.get("prompt_ids")).as(what).isEqualTo(pair.get("prompt_ids"));
            assertThat(line.get("completion_ids")).as(what).isEqualTo(pair.get("completion_ids"));
            JsonNode want = pair.get("completion_logprobs");
            assertThat(line.get("logprobs").size()).as(what).isEqualTo(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertThat(line.get("logprobs").get(i).asDouble())
                        .as("%s: log-prob of completion token %d", what, i)
                        .isCloseTo(want.get(i).asDouble(), within(2e-3));
            }
        }
    }

    @Test
    void chatWithSystemPromptEncodesTheTemplateAsTransformersDoes() throws Exception {
        JsonNode withSystem = null;
        for (JsonNode chat : expected.get("tokenizer").get("chat")) {
            JsonNode messages = chat.get("messages");
            if (messages.size() == 2
                    && messages.get(0).get("role").asText().equals("system")
                    && chat.get("add_generation_prompt").asBoolean()) {
                withSystem = chat;
            }
        }
        assertThat(withSystem).isNotNull();
        JsonNode line =
                line(
                        CliRun.of(
                                "logprobs",
                                "--model",
                                model.toString(),
                                "--chat",
                                "--system",
                                withSystem.get("messages").get(0).get("content").asText(),
                                "--prompt",
                                withSystem.get("messages").get(1).get("content").asText(),
                                "--completion",
                                "46"));
        assertThat(line.get("prompt_ids")).isEqualTo(withSystem.get("ids"));
        assertThat(line.get("completion_ids")).hasSize(2);
        for (JsonNode lp : line.get("logprobs")) {
            assertThat(lp.asDouble()).isNegative();
        }
    }

    @Test
    void rawPromptIdsAreTheTokenizersWithItsSpecialTokens() throws Exception {
        JsonNode text = expected.get("tokenizer").get("texts").get(1);
        JsonNode line =
                line(
                        CliRun.of(
                                "logprobs",
                                "--model",
                                model.toString(),
                                "--prompt",
                                text.get("text").asText(),
                                "--completion",
                                " 72"));
        assertThat(line.get("prompt_ids")).isEqualTo(text.get("ids"));
    }

    @Test
    void badInputExitsTwoWithAMessage() throws Exception {
        CliRun missing =
                CliRun.of(
                        "logprobs",
                        "--model",
                        dir.resolve("nope").toString(),
                        "--prompt",
                        "a",
                        "--completion",
                        "b");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("no model directory at").doesNotContain("\tat ");

        Path chars = dir.resolve("chars");
        assertThat(CliRun.of("init-model", "--shape", "tiny", "--out", chars.toString()).code())
                .isZero();
        CliRun noTemplate =
                CliRun.of(
                        "logprobs",
                        "--model",
                        chars.toString(),
                        "--chat",
                        "--prompt",
                        "1+1=",
                        "--completion",
                        "2");
        assertThat(noTemplate.code()).isEqualTo(2);
        assertThat(noTemplate.out()).isEmpty();
        assertThat(noTemplate.err()).contains("needs a chat template").doesNotContain("\tat ");

        CliRun untokenizable =
                CliRun.of(
                        "logprobs",
                        "--model",
                        chars.toString(),
                        "--prompt",
                        "1+1=",
                        "--completion",
                        "2€");
        assertThat(untokenizable.code()).isEqualTo(2);
        assertThat(untokenizable.out()).isEmpty();
        assertThat(untokenizable.err()).contains("cannot tokenize '€'").doesNotContain("\tat ");

        CliRun ok =
                CliRun.of(
                        "logprobs",
                        "--model",
                        chars.toString(),
                        "--prompt",
                        "1+1=",
                        "--completion",
                        "2");
        JsonNode line = line(ok);
        assertThat(line.get("prompt_ids").get(0).asInt()).as("BOS in front").isEqualTo(1);

        Files.delete(chars.resolve("config.json"));
        CliRun noConfig =
                CliRun.of(
                        "logprobs",
                        "--model",
                        chars.toString(),
                        "--prompt",
                        "1",
                        "--completion",
                        "2");
        assertThat(noConfig.code()).isEqualTo(2);
        assertThat(noConfig.err()).contains("no config.json");
    }
}
