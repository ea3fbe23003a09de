package dev.rivulet.jobs.options;

import dev.rivulet.algo.task.TaskRegistry;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Where prompts come from. */
public final class SourceOptions {

    public static final ConfigOption<String> PROMPTS =
            ConfigOptions.key("rivulet.source.prompts")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "A JSONL file or directory of prompts, read once as a pool to train on"
                                    + " for the whole run; empty means the built-in synthetic task"
                                    + " mix.");

    /** The demo's mix: addition with 1-4 digit operands, as in the reference measurements. */
    public static final String DEMO_MIX = "arith(ops=+):1-4";

    public static final ConfigOption<String> MIX =
            ConfigOptions.key("rivulet.source.mix")
                    .stringType()
                    .defaultValue(DEMO_MIX)
                    .withDescription(
                            "Synthetic task mix, e.g. 'arith:1-4,sort:3-6' (see"
                                    + " docs/algorithms/task-mix.md); 'default' is the broader"
                                    + " mix with sorting and countdown. "
                                    + Ids.of(
                                            "Tasks with generators",
                                            TaskRegistry.builtIn().generators()));

    public static final ConfigOption<Integer> POOL_SIZE =
            ConfigOptions.key("rivulet.source.pool-size")
                    .intType()
                    .defaultValue(2048)
                    .withDescription("How many distinct synthetic training prompts to emit.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("rivulet.source.seed")
                    .longType()
                    .defaultValue(7L)
                    .withDescription("Seed of the synthetic task generators.");

    public static final ConfigOption<Duration> WATCH_INTERVAL =
            ConfigOptions.key("rivulet.source.watch-interval")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "When positive, the prompts directory is watched for new files at this"
                                    + " interval.");

    public static final ConfigOption<String> FIELDS =
            ConfigOptions.key("rivulet.data.fields")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "JSONL field mapping: 'default' ({prompt, answer}, optional task, id,"
                                    + " difficulty), 'gsm8k' ({question, answer}, the answer after"
                                    + " ####, task gsm8k), 'math' ({problem, solution}, the answer"
                                    + " in the last \\boxed{}, task boxed), or a mapping such as"
                                    + " 'prompt=question,answer=solution[,task=F,id=F,difficulty=F]"
                                    + "[,answer-format=whole|gsm8k|boxed]'. Anything else is an"
                                    + " error.");

    public static final ConfigOption<String> DEFAULT_TASK =
            ConfigOptions.key("rivulet.data.task")
                    .stringType()
                    .defaultValue("exact")
                    .withDescription(
                            "Task (reward function) of rows without a task field, for the"
                                    + " 'default' mapping and general mappings. Known tasks: "
                                    + String.join(", ", TaskRegistry.builtIn().taskIds())
                                    + ".");

    public static final ConfigOption<String> TEMPLATE =
            ConfigOptions.key("rivulet.data.template")
                    .stringType()
                    .defaultValue("raw")
                    .withDescription(
                            "How the model server turns a prompt into tokens: 'raw' (the text as"
                                    + " it is) or 'chat' (the user message of the model's chat"
                                    + " template, with the generation prompt).");

    public static final ConfigOption<String> SYSTEM_PROMPT =
            ConfigOptions.key("rivulet.data.system-prompt")
                    .stringType()
                    .defaultValue("")
                    .withDescription("System message of chat-template prompts; empty for none.");

    public static final ConfigOption<Integer> MAX_PROMPT_CHARS =
            ConfigOptions.key("rivulet.source.max-prompt-chars")
                    .intType()
                    .defaultValue(32768)
                    .withDescription(
                            "Longer prompts become dead letters before they are tokenized (a"
                                    + " sanity bound; the model's context, checked when a prompt"
                                    + " is admitted, is the real limit).");

    private SourceOptions() {}
}
