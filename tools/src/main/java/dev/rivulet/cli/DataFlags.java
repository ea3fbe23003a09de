package dev.rivulet.cli;

import dev.rivulet.jobs.data.PromptFiles;
import dev.rivulet.jobs.options.EvalOptions;
import dev.rivulet.jobs.options.SourceOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data flags {@code demo} and {@code train} share (a picocli mixin): the prompt file, its field
 * mapping, the evaluation file and the prompt format; a prompt path that does not exist fails when
 * they are turned into option overrides, before anything starts.
 */
final class DataFlags {

    @Option(
            names = "--prompts",
            description = "JSONL file or directory of prompts (default: synthetic mix)")
    String prompts;

    @Option(
            names = "--fields",
            description =
                    "JSONL field mapping: default, gsm8k, math, or prompt=F,answer=F[,task=F,...]"
                            + " (rivulet.data.fields)")
    String fields;

    @Option(
            names = "--eval-prompts",
            description =
                    "JSONL file or directory to evaluate on (default: a held-out part of"
                            + " --prompts; rivulet.eval.prompts)")
    String evalPrompts;

    @Option(
            names = "--template",
            description = "prompt template: raw or chat (rivulet.data.template; default raw)")
    String template;

    @Option(
            names = "--system-prompt",
            description = "system message for --template chat (rivulet.data.system-prompt)")
    String systemPrompt;

    /** The {@code rivulet.*} overrides these flags set (only the flags given). */
    Map<String, String> overrides() {
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
