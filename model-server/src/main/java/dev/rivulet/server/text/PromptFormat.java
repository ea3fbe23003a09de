package dev.rivulet.server.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a prompt becomes token ids: raw text with the tokenizer's special tokens (what {@code
 * tokenizer(prompt)} gives), or the chat template's rendering of [system?, user] with the
 * assistant's turn opened, encoded without adding special tokens.
 */
public final class PromptFormat {

    /** The prompt templates of {@code rivulet.data.template}. */
    public enum Template {
        RAW,
        CHAT;

        /** Parses "raw" or "chat" in any case. */
        public static Template parse(String value) {
            for (Template t : values()) {
                if (t.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException(
                    "unknown prompt template '" + value + "'; allowed: " + allowed());
        }

        private static String allowed() {
            List<String> names = new ArrayList<>();
            Arrays.stream(values()).forEach(t -> names.add(t.name().toLowerCase(Locale.ROOT)));
            return String.join(", ", names);
        }
    }

    private final HfTokenizer tokenizer;
    private final ChatTemplate chatTemplate;
    private final Template template;
    private final String systemPrompt;
    private final Map<String, ?> variables;

    /**
     * @param chatTemplate the model's template, or null when it has none (then only RAW works)
     * @param systemPrompt a system message for CHAT; null or empty for none
     * @throws IllegalArgumentException for CHAT without a chat template, or a system prompt with
     *     RAW
     */
    public PromptFormat(
            HfTokenizer tokenizer,
            ChatTemplate chatTemplate,
            Template template,
            String systemPrompt) {
        this(tokenizer, chatTemplate, template, systemPrompt, Map.of());
    }

    /** With extra chat template variables (for example {@code enable_thinking=false}). */
    public PromptFormat(
            HfTokenizer tokenizer,
            ChatTemplate chatTemplate,
            Template template,
            String systemPrompt,
            Map<String, ?> variables) {
        this.tokenizer = tokenizer;
        this.chatTemplate = chatTemplate;
        this.template = template;
        this.systemPrompt = systemPrompt == null ? "" : systemPrompt;
        this.variables = Map.copyOf(variables);
        if (template == Template.CHAT && chatTemplate == null) {
            throw new IllegalArgumentException(
                    "prompt template chat needs a chat template, and the model has none (no"
                            + " chat_template in tokenizer_config.json, no chat_template.jinja);"
                            + " use template raw");
        }
        if (template == Template.RAW && !this.systemPrompt.isEmpty()) {
            throw new IllegalArgumentException(
                    "a system prompt needs prompt template chat; template raw has no system turn");
        }
    }

    /** The text that is tokenized: the prompt itself (RAW) or the rendered chat (CHAT). */
    public String text(String prompt) {
        if (template == Template.RAW) {
            return prompt;
        }
        List<Message> messages = new ArrayList<>(2);
        if (!systemPrompt.isEmpty()) {
            messages.add(Message.system(systemPrompt));
        }
        messages.add(Message.user(prompt));
        return chatTemplate.render(messages, true, variables);
    }

    /**
     * The prompt's token ids.
     *
     * @throws IllegalArgumentException when the text cannot be tokenized or the template fails
     */
    public int[] encode(String prompt) {
        return tokenizer.encode(text(prompt), template == Template.RAW);
    }

    public Template template() {
        return template;
    }

    public String systemPrompt() {
        return systemPrompt;
    }
}
