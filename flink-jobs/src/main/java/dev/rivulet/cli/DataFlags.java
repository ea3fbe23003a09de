package dev.rivulet.cli;

import dev.rivulet.jobs.data.PromptFiles;
import dev.rivulet.jobs.options.EvalOptions;
import dev.rivulet.jobs.options.SourceOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The option overrides of the data flags {@code --prompts}, {@code --fields} and {@code
 * --eval-prompts}; a prompt path that does not exist fails here, before anything starts.
 */
final class DataFlags {

    private DataFlags() {}

    static Map<String, String> overrides(String prompts, String fields, String evalPrompts) {
        return overrides(prompts, fields, evalPrompts, null, null);
    }

    /** With the prompt format flags {@code --template} and {@code --system-prompt} too. */
    static Map<String, String> overrides(
            String prompts,
            String fields,
            String evalPrompts,
            String template,
            String systemPrompt) {
        Map<String, String> out = new LinkedHashMap<>();
        if (prompts != null) {
            out.put(
                    SourceOptions.PROMPTS.key(),
                    PromptFiles.requireExists(prompts).toAbsolutePath().toString());
        }
        if (fields != null) {
            out.put(SourceOptions.FIELDS.key(), fields);
        }
        if (evalPrompts != null) {
            out.put(
                    EvalOptions.PROMPTS.key(),
                    PromptFiles.requireExists(evalPrompts).toAbsolutePath().toString());
        }
        if (template != null) {
            out.put(SourceOptions.TEMPLATE.key(), template);
        }
        if (systemPrompt != null) {
            out.put(SourceOptions.SYSTEM_PROMPT.key(), systemPrompt);
        }
        return out;
    }
}
