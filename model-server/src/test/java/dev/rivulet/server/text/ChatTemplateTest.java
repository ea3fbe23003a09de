package dev.rivulet.server.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Llama 3, 3.1, 3.2, Qwen2, Qwen2.5 and Qwen3 templates and snippets of single Python-isms render
 * exactly what Python Jinja2 renders in transformers' setup (chat-templates/expected.json, made by
 * generate_expected.py there).
 */
class ChatTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2025-03-07T09:30:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> cases() throws Exception {
        JsonNode root = JSON.readTree(Fixtures.resource("chat-templates/expected.json").toFile());
        List<Arguments> out = new ArrayList<>();
        root.get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeTransformers(String name, JsonNode c) throws Exception {
        String template = c.get("template").asText();
        String source;
        if (template.equals("qwen3")) {
            source = ChatTemplate.from(Fixtures.qwen3()).orElseThrow().source();
        } else if (template.startsWith("snippet:")) {
            source = template.substring("snippet:".length());
        } else {
            source = Files.readString(Fixtures.resource("chat-templates/" + template));
        }
        Map<String, Object> tokens = JSON.convertValue(c.get("tokens"), new TypeReference<>() {});
        List<Map<String, Object>> messages =
                JSON.convertValue(c.get("messages"), new TypeReference<>() {});
        Map<String, Object> variables =
                JSON.convertValue(c.get("variables"), new TypeReference<>() {});
        boolean generation = c.get("add_generation_prompt").asBoolean();
        ChatTemplate chat = ChatTemplate.of(source, tokens).withClock(CLOCK);
        if (c.has("raises")) {
            assertThatThrownBy(() -> chat.renderMessages(messages, generation, variables))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("chat template raised: " + c.get("raises").asText());
        } else {
            assertThat(chat.renderMessages(messages, generation, variables))
                    .isEqualTo(c.get("text").asText());
        }
    }

    @Test
    void qwen3ChatTextAndIds() throws Exception {
        JsonNode chats = Fixtures.expected().path("tokenizer").path("chat");
        ChatTemplate chat = ChatTemplate.from(Fixtures.qwen3()).orElseThrow();
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            for (JsonNode c : chats) {
                List<Message> messages = new ArrayList<>();
                c.get("messages")
                        .forEach(
                                m ->
                                        messages.add(
                                                new Message(
                                                        m.get("role").asText(),
                                                        m.get("content").asText())));
                String text = chat.render(messages, c.get("add_generation_prompt").asBoolean());
                assertThat(text).isEqualTo(c.get("text").asText());
                assertThat(tok.encode(text, false)).containsExactly(Fixtures.ints(c.get("ids")));
            }
        }
    }

    @Test
    void templateSources(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(ChatTemplate.from(dir)).isEmpty();
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"bos_token\":{\"content\":\"<s>\"},\"chat_template\":"
                        + "[{\"name\":\"tool_use\",\"template\":\"T\"},"
                        + "{\"name\":\"default\",\"template\":\"{{ bos_token }}D\"}]}");
        assertThat(ChatTemplate.from(dir).orElseThrow().render(List.of(), false)).isEqualTo("<s>D");
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"chat_template\":[{\"name\":\"tool_use\",\"template\":\"T\"}]}");
        assertThatThrownBy(() -> ChatTemplate.from(dir))
                .hasMessageContaining("no \"default\" template, only [tool_use]");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages[0].content }}\n");
        assertThat(ChatTemplate.from(dir).orElseThrow().render(List.of(Message.user("x")), false))
                .isEqualTo("x");
    }
}
