package dev.rivulet.server.service;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.server.text.ChatTemplate;
import dev.rivulet.server.text.HfTokenizer;
import dev.rivulet.server.text.PromptFormat;
import java.util.Arrays;
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

    /**
     * The ids the policy generates from: the plain prompt's ids ({@code plain}, from {@link
     * #encode}) when the request has no hint; with an {@link Hint#ANSWER_PREFIX} hint, {@code
     * plain} followed by the prefix's ids (encoded alone, without special tokens, so the plain
     * prompt is exactly a prefix of the context and the response starts after the hint); with an
     * {@link Hint#IN_CONTEXT} hint, the prompt text {@code hint + separator + prompt} encoded as
     * the plain prompt is (one user turn for chat, separator a blank line; separator a newline for
     * raw).
     *
     * @throws IllegalArgumentException when the hinted text cannot be tokenized
     */
    int[] encodeContext(GenerationRequest r, int[] plain) {
        Hint hint = r.hint();
        if (!hint.present()) {
            return plain;
        }
        if (hint.isAnswerPrefix()) {
            int[] prefix = tokenizer.encode(hint.text(), false);
            int[] out = Arrays.copyOf(plain, plain.length + prefix.length);
            System.arraycopy(prefix, 0, out, plain.length, prefix.length);
            return out;
        }
        return format(r.template(), r.systemPrompt()).encode(inContextText(r));
    }

    /** The prompt text of an in-context hinted request (the hint before the prompt). */
    static String inContextText(GenerationRequest r) {
        String separator = GenerationRequest.CHAT.equals(r.template()) ? "\n\n" : "\n";
        return r.hint().text() + separator + r.prompt();
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
