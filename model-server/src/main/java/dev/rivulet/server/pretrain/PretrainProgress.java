package dev.rivulet.server.pretrain;

/**
 * Reported after every step.
 *
 * @param epoch 0-based epoch
 * @param step 1-based step over the whole run
 * @param totalSteps steps the run will take
 * @param loss mean cross-entropy per answer token of this step's batch
 */
public record PretrainProgress(int epoch, int step, int totalSteps, double loss) {}
