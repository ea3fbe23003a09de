package dev.rivulet.server.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.text.PromptFormat.Template;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raw and chat prompts of the Qwen3 fixture give the reference prompt and completion ids. */
class PromptFormatTest {

    @Test
    void pairsGiveTheReferenceIds() throws Exception {
        JsonNode pairs = Fixtures.expected().get("pairs");
        ChatTemplate chat = ChatTemplate.from(Fixtures.qwen3()).orElseThrow();
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            for (JsonNode pair : pairs) {
                Template t = pair.get("chat").asBoolean() ? Template.CHAT : Template.RAW;
                PromptFormat format = new PromptFormat(tok, chat, t, "");
                String prompt = pair.get("prompt").asText();
                assertThat(format.text(prompt)).isEqualTo(pair.get("prompt_text").asText());
                assertThat(format.encode(prompt))
                        .as(prompt)
                        .containsExactly(Fixtures.ints(pair.get("prompt_ids")));
                assertThat(tok.encode(pair.get("completion").asText(), false))
                        .containsExactly(Fixtures.ints(pair.get("completion_ids")));
            }
        }
    }

    @Test
    void chatWithSystemPromptAndVariables() throws Exception {
        JsonNode withSystem = Fixtures.expected().path("tokenizer").path("chat").get(1);
        ChatTemplate chat = ChatTemplate.from(Fixtures.qwen3()).orElseThrow();
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            PromptFormat format =
                    new PromptFormat(tok, chat, Template.CHAT, "Answer with a number only.");
            assertThat(format.text("12+34=")).isEqualTo(withSystem.get("text").asText());
            assertThat(format.encode("12+34="))
                    .containsExactly(Fixtures.ints(withSystem.get("ids")));
            PromptFormat noThinking =
                    new PromptFormat(
                            tok, chat, Template.CHAT, null, Map.of("enable_thinking", false));
            assertThat(noThinking.text("hi"))
                    .isEqualTo(
                            "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
                                    + "<think>\n\n</think>\n\n");
        }
    }

    @Test
    void templatesParseAndRefuse() throws Exception {
        assertThat(Template.parse("raw")).isEqualTo(Template.RAW);
        assertThat(Template.parse(" Chat ")).isEqualTo(Template.CHAT);
        assertThatThrownBy(() -> Template.parse("jinja"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown prompt template 'jinja'; allowed: raw, chat");
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            assertThatThrownBy(() -> new PromptFormat(tok, null, Template.CHAT, ""))
                    .hasMessageContaining("the model has none");
            assertThatThrownBy(() -> new PromptFormat(tok, null, Template.RAW, "be brief"))
                    .hasMessageContaining("a system prompt needs prompt template chat");
            assertThat(new PromptFormat(tok, null, Template.RAW, null).encode("12+34="))
                    .containsExactly(16, 17, 10, 18, 19, 28);
        }
    }
}
