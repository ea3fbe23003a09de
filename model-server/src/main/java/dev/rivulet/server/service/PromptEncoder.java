package dev.rivulet.server.service;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.server.text.ChatTemplate;
import dev.rivulet.server.text.HfTokenizer;
import dev.rivulet.server.text.PromptFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a generation request's text into the policy's prompt ids with the model's tokenizer and
 * chat template, as the request's template and system prompt say (one {@link PromptFormat} per
 * pair, kept for the few pairs a run uses).
 */
final class PromptEncoder {

    /** Distinct (template, system prompt) pairs whose formats are kept. */
    private static final int KEPT_FORMATS = 16;

    private final HfTokenizer tokenizer;
    private final ChatTemplate chatTemplate;
    private final Map<List<String>, PromptFormat> formats = new ConcurrentHashMap<>();

    /** An encoder over {@code tokenizer} and {@code chatTemplate} (null: the model has none). */
    PromptEncoder(HfTokenizer tokenizer, ChatTemplate chatTemplate) {
        this.tokenizer = tokenizer;
        this.chatTemplate = chatTemplate;
    }

    /**
     * The request's prompt ids.
     *
     * @throws IllegalArgumentException for an unknown template, chat without a chat template, a
     *     system prompt with the raw template, or text the tokenizer cannot encode
     */
    int[] encode(GenerationRequest r) {
        return format(r.template(), r.systemPrompt()).encode(r.prompt());
    }

    private PromptFormat format(String template, String system) {
        List<String> key = List.of(template, system == null ? "" : system);
        PromptFormat f = formats.get(key);
        if (f == null) {
            f =
                    new PromptFormat(
                            tokenizer, chatTemplate, PromptFormat.Template.parse(template), system);
            if (formats.size() < KEPT_FORMATS) {
                formats.putIfAbsent(key, f);
            }
        }
        return f;
    }

    /** The tokenizer prompts are encoded with. */
    HfTokenizer tokenizer() {
        return tokenizer;
    }

    /** Whether the model has a chat template. */
    boolean hasChatTemplate() {
        return chatTemplate != null;
    }
}
