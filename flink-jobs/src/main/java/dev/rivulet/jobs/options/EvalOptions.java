package dev.rivulet.jobs.options;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * What the base, periodic and final evaluations score: which prompts (when training on a prompt
 * file), and besides greedy accuracy how many samples per prompt at which temperature (pass@k and
 * mean@k).
 */
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

    public static final ConfigOption<Integer> SAMPLES =
            ConfigOptions.key("rivulet.eval.samples")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Completions sampled per held-out prompt in the base and final"
                                    + " evaluations (and the periodic ones with"
                                    + " rivulet.eval.sample-periodic), besides the greedy one: n of"
                                    + " pass@k and mean@k, with k = n (0 turns the sampled"
                                    + " evaluation off). Each prompt's samples use a"
                                    + " seed fixed by its task and text, so evaluations compare"
                                    + " over time; see docs/evaluation.md.");

    public static final ConfigOption<Double> TEMPERATURE =
            ConfigOptions.key("rivulet.eval.temperature")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Sampling temperature of the sampled evaluation (> 0). The default"
                                    + " 1.0 is the rollout temperature rivulet.loop.temperature"
                                    + " defaults to, so mean@k estimates the held-out success rate"
                                    + " of the distribution being trained.");

    public static final ConfigOption<Double> TOP_P =
            ConfigOptions.key("rivulet.eval.top-p")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("Nucleus-sampling mass of the sampled evaluation, in (0, 1].");

    public static final ConfigOption<Boolean> SAMPLE_PERIODIC =
            ConfigOptions.key("rivulet.eval.sample-periodic")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Also draw the rivulet.eval.samples samples in the periodic evaluations"
                                    + " during training, not only in the base and final ones. They"
                                    + " then share the model server with rollout generation and"
                                    + " slow it; see docs/evaluation.md for measured costs.");

    public static final ConfigOption<Integer> METRICS_PORT =
            ConfigOptions.key("rivulet.eval.metrics-port")
                    .intType()
                    .defaultValue(9465)
                    .withDescription(
                            "Port on 127.0.0.1 where the driver (demo, train, compare) serves its"
                                    + " evaluations to Prometheus (rivulet_eval_accuracy{measure,"
                                    + " task}); 0 picks a free port, -1 serves none; a port in use"
                                    + " falls back to a free one (the driver prints which).");

    private EvalOptions() {}
}
