package dev.rivulet.cli;

import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.ChatTemplate;
import dev.rivulet.server.text.HfTokenizer;
import dev.rivulet.server.text.PromptFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `rivulet logprobs`: the per-token log-probs of a completion given a prompt under a model
 * directory, as one JSON line {@code {"prompt_ids":[…],"completion_ids":[…],"logprobs":[…]}}.
 *
 * <p>The prompt is encoded as the server encodes prompts ({@link PromptFormat}): raw, with the
 * special tokens the tokenizer adds itself (what {@code tokenizer(prompt)} gives), or with {@code
 * --chat} the chat template's rendering of [system?, user] with the assistant's turn opened,
 * encoded without adding special tokens. The completion is encoded alone without special tokens.
 * The model, tokenizer and template are loaded the one way the server loads them.
 */
@Command(
        name = "logprobs",
        mixinStandardHelpOptions = true,
        description =
                "Print the per-token log-probs of a completion given a prompt under a model"
                        + " directory, as one JSON line.")
final class LogprobsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            description = "Model directory in the Hugging Face Hub layout.")
    Path model;

    @Option(names = "--prompt", required = true, description = "The prompt text.")
    String prompt;

    @Option(names = "--completion", required = true, description = "The completion text.")
    String completion;

    @Option(
            names = "--chat",
            description =
                    "Render the prompt as a user turn with the model's chat template (generation"
                            + " prompt added) instead of encoding it raw.")
    boolean chat;

    @Option(names = "--system", description = "System prompt for --chat.")
    String system;

    /** The three lists of the output line. */
    record Result(int[] promptIds, int[] completionIds, float[] logprobs) {

        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("prompt_ids", promptIds);
            out.put("completion_ids", completionIds);
            out.put("logprobs", logprobs);
            return out;
        }
    }

    /** Loads the model directory and scores the completion. */
    static Result score(Path model, String prompt, String completion, boolean chat, String system)
            throws IOException {
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("no model directory at " + model);
        }
        if (!Files.isRegularFile(model.resolve(ModelDir.CONFIG))) {
            throw new IllegalArgumentException(
                    "no "
                            + ModelDir.CONFIG
                            + " in "
                            + model
                            + " (expected a Hugging Face model directory: config.json,"
                            + " *.safetensors, tokenizer.json, tokenizer_config.json)");
        }
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            ChatTemplate template = ChatTemplate.from(model).orElse(null);
            PromptFormat format =
                    new PromptFormat(
                            tokenizer,
                            template,
                            chat ? PromptFormat.Template.CHAT : PromptFormat.Template.RAW,
                            system);
            int[] promptIds = format.encode(prompt);
            if (promptIds.length == 0) {
                throw new IllegalArgumentException(
                        "the prompt encodes to no tokens; a completion needs at least one prompt"
                                + " token to follow");
            }
            int[] completionIds = tokenizer.encode(completion, false);
            try (TransformerPolicy policy = ModelDir.loadPolicy(model)) {
                return new Result(
                        promptIds,
                        completionIds,
                        policy.responseLogprobs(
                                        List.of(promptIds),
                                        List.of(completionIds),
                                        tokenizer.padId())
                                .get(0));
            }
        }
    }

    @Override
    public Integer call() {
        Result r;
        try {
            r = score(model, prompt, completion, chat, system);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("rivulet logprobs: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        spec.commandLine().getOut().println(Jsons.line(r.json()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
