package dev.rivulet.cli;

import dev.rivulet.tools.model.PretrainReport;
import dev.rivulet.tools.model.PretrainSpec;
import dev.rivulet.tools.model.Pretraining;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `rivulet pretrain`: supervised warm-up of a base policy on the built-in synthetic tasks; prints a
 * progress line every few seconds (stderr) and one JSON summary line (stdout).
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description =
                "Pre-train a base policy on the built-in synthetic tasks and write a model"
                        + " directory.")
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Model directory to create.")
    Path out;

    @Option(names = "--minutes", description = "Training time (default: ${DEFAULT-VALUE}).")
    double minutes = 3;

    @Option(
            names = "--steps",
            description =
                    "Stop after this many steps (0: time only); makes the model independent of"
                            + " machine load, with --minutes as a cap (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--mix", description = "Task-mix spec (default: the demo mix).")
    String mix = dev.rivulet.jobs.options.SourceOptions.DEMO_MIX;

    @Option(
            names = "--model-size",
            description = "tiny, small or medium (default: ${DEFAULT-VALUE}).")
    String modelSize = "small";

    @Option(names = "--seed", description = "Model and data seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--model",
            description =
                    "Hugging Face model directory to continue from (its weights and tokenizer)"
                            + " instead of a fresh --model-size model.")
    Path model;

    /** Runs the warm-up these options describe. */
    PretrainReport run() throws Exception {
        if (!(minutes > 0)) {
            throw new IllegalArgumentException("--minutes must be > 0, got " + minutes);
        }
        Duration budget = Duration.ofMillis(Math.round(minutes * 60_000));
        PretrainSpec spec =
                steps > 0
                        ? PretrainSpec.ofSteps(mix, modelSize, steps, budget, seed)
                        : PretrainSpec.of(mix, modelSize, budget, seed);
        spec = spec.startingFrom(model);
        System.err.printf(
                "pretrain: %s model, mix %s, %.1f min, seed %d -> %s%n",
                model != null ? model.toString() : modelSize, mix, minutes, seed, out);
        return Pretraining.run(spec, out, System.err::println);
    }

    @Override
    public Integer call() throws Exception {
        PretrainReport r = run();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("model_dir", r.modelDir().toString());
        line.put("parameters", r.parameters());
        line.put("steps", r.steps());
        line.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        line.put("final_loss", r.finalLoss());
        line.put("held_out_exact_match", r.heldOutExactMatch());
        System.out.println(Jsons.line(line));
        return 0;
    }
}
