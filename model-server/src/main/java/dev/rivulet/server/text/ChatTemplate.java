package dev.rivulet.server.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Jinja chat template of a Hugging Face model ({@code chat_template} of {@code
 * tokenizer_config.json}, or {@code chat_template.jinja}), rendered as {@code
 * tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=...)} does.
 */
public final class ChatTemplate {

    private final String source;
    private final String prepared;
    private final Map<String, Object> specialTokens;
    private final JinjavaConfig config;

    private ChatTemplate(String source, Map<String, Object> specialTokens, Clock clock) {
        this.source = source;
        this.prepared = withoutTrailingNewline(source);
        this.specialTokens = specialTokens;
        this.config = JinjaEnvironment.config(clock);
    }

    /**
     * A template with its special tokens ({@code bos_token}, {@code eos_token}, ...; values may be
     * null).
     */
    public static ChatTemplate of(String source, Map<String, ?> specialTokens) {
        return new ChatTemplate(source, new HashMap<>(specialTokens), Clock.systemDefaultZone());
    }

    /** The same template with {@code strftime_now} reading the given clock. */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(source, specialTokens, clock);
    }

    /**
     * The model's chat template: {@code chat_template} of tokenizer_config.json (a string, or a
     * list of named templates of which "default" is used), else a {@code chat_template.jinja} file;
     * empty when the model has none.
     */
    public static Optional<ChatTemplate> from(Path modelDir) throws IOException {
        JsonNode config = ModelFiles.readOptional(modelDir.resolve("tokenizer_config.json"));
        Map<String, Object> tokens = new HashMap<>();
        for (String name : List.of("bos_token", "eos_token", "pad_token", "unk_token")) {
            tokens.put(name, ModelFiles.tokenString(config.path(name)));
        }
        JsonNode field = config.path("chat_template");
        String source = null;
        if (field.isTextual()) {
            source = field.asText();
        } else if (field.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode named : field) {
                names.add(named.path("name").asText());
                if ("default".equals(named.path("name").asText())) {
                    source = named.path("template").asText();
                }
            }
            if (source == null) {
                throw new IllegalArgumentException(
                        modelDir + ": chat_template has no \"default\" template, only " + names);
            }
        } else if (Files.isRegularFile(modelDir.resolve("chat_template.jinja"))) {
            source = Files.readString(modelDir.resolve("chat_template.jinja"));
        }
        return Optional.ofNullable(source).map(s -> of(s, tokens));
    }

    /** Renders the messages; {@code addGenerationPrompt} opens the assistant's turn. */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders with extra template variables ({@code enable_thinking}, {@code date_string}, {@code
     * tools}, ...).
     */
    public String render(
            List<Message> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        List<Map<String, Object>> maps = new ArrayList<>();
        messages.forEach(m -> maps.add(m.toMap()));
        return renderMessages(maps, addGenerationPrompt, variables);
    }

    /**
     * Renders messages given as dicts (for fields beyond role and content, such as {@code
     * tool_calls} or {@code reasoning_content}).
     *
     * @throws IllegalArgumentException when the template raises or fails, with its message
     */
    public String renderMessages(
            List<? extends Map<String, ?>> messages,
            boolean addGenerationPrompt,
            Map<String, ?> variables) {
        Map<String, Object> context = new HashMap<>(JinjaEnvironment.GLOBALS);
        context.putAll(specialTokens);
        context.putAll(variables);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result;
        try {
            result = JinjaEnvironment.jinjava().renderForResult(prepared, context, config);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("chat template failed: " + e.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException(describe(error), error.getException());
            }
        }
        return result.getOutput();
    }

    private static String describe(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof TemplateFunctions.TemplateRaised) {
                return "chat template raised: " + t.getMessage();
            }
        }
        return "chat template failed at line " + error.getLineno() + ": " + error.getMessage();
    }

    /**
     * Jinja drops one trailing newline of the template source (keep_trailing_newline=False);
     * Jinjava's option of that name trims the rendered output instead, so it is done here.
     */
    static String withoutTrailingNewline(String source) {
        if (source.endsWith("\r\n")) {
            return source.substring(0, source.length() - 2);
        }
        return source.endsWith("\n") || source.endsWith("\r")
                ? source.substring(0, source.length() - 1)
                : source;
    }

    /** The template text as the model ships it. */
    public String source() {
        return source;
    }
}
