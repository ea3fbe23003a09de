package dev.rivulet.tools.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a warm-up run produced.
 *
 * @param modelDir the written model directory
 * @param steps learner steps taken
 * @param seconds training time
 * @param finalLoss mean cross-entropy per answer token over the run's last step
 * @param heldOutExactMatch greedy exact-match rate of the answer per mix cell (held-out prompts)
 * @param parameters trainable scalars of the policy
 */
public record PretrainReport(
        Path modelDir,
        int steps,
        double seconds,
        double finalLoss,
        Map<String, Double> heldOutExactMatch,
        long parameters) {}
