package dev.rivulet.jobs.options;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Which prompts the base, periodic and final evaluations score when training on a prompt file. */
public final class EvalOptions {

    public static final ConfigOption<Double> HELDOUT_FRACTION =
            ConfigOptions.key("rivulet.eval.heldout-fraction")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription(
                            "Fraction of a prompt file held out from training for evaluation (a"
                                    + " fixed hash of task and text, in [0, 1)); ignored when"
                                    + " rivulet.eval.prompts is set.");

    public static final ConfigOption<Integer> MAX_PROMPTS =
            ConfigOptions.key("rivulet.eval.max-prompts")
                    .intType()
                    .defaultValue(500)
                    .withDescription(
                            "Most held-out prompts an evaluation scores (the first in file order).");

    public static final ConfigOption<String> PROMPTS =
            ConfigOptions.key("rivulet.eval.prompts")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "A JSONL file or directory of evaluation prompts; when set, the training"
                                    + " file is not split and every servable row of this one is"
                                    + " evaluated (up to rivulet.eval.max-prompts).");

    private EvalOptions() {}
}
