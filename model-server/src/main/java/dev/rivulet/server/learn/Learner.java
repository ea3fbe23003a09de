package dev.rivulet.server.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rivulet.server.loss.LossInput;
import dev.rivulet.server.loss.LossResult;
import dev.rivulet.server.loss.PolicyLoss;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.TokenScores;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one policy-gradient step per micro-batch: validates it, scores the responses under the
 * current weights, takes the token-mean loss (in float64) plus β·k3 KL to a frozen reference, clips
 * the global gradient norm and updates with AdamW; a rejected batch changes nothing.
 */
public final class Learner implements AutoCloseable {

    private final TransformerPolicy policy;
    private final PolicyLoss loss;
    private final OptimizerConfig config;
    private final AdamW optimizer;
    private final TransformerPolicy reference;

    /**
     * A learner for {@code policy}; with {@code klBeta > 0} it freezes a copy of the current
     * weights as the reference policy (owned and closed by the learner).
     */
    public Learner(TransformerPolicy policy, PolicyLoss loss, OptimizerConfig config) {
        this.policy = policy;
        this.loss = loss;
        this.config = config;
        this.optimizer = new AdamW(policy, config);
        this.reference = config.klBeta() > 0 ? policy.copy(true) : null;
    }

    /** The policy being trained. */
    public TransformerPolicy policy() {
        return policy;
    }

    /** The optimizer (its state is part of snapshots). */
    public AdamW optimizer() {
        return optimizer;
    }

    /** The loss in use. */
    public PolicyLoss loss() {
        return loss;
    }

    /**
     * Trains on one micro-batch.
     *
     * @throws IllegalArgumentException for a bad batch (nothing is updated)
     * @throws IllegalStateException when the loss or gradient is not finite (nothing is updated)
     */
    public StepStats step(MicroBatch batch) {
        BatchValidator.validate(batch, policy.config());
        List<TrainSample> samples = batch.samples();
        double[] adv = advantages(samples, batch.normalizeAdvantages());
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (TrainSample s : samples) {
            prompts.add(s.promptTokens());
            responses.add(s.responseTokens());
        }
        SequenceBatch sb = SequenceBatch.of(prompts, responses, 0);
        int rows = sb.rows();
        int width = sb.width();
        double[] old = new double[rows * width];
        double[] advTokens = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            TrainSample s = samples.get(r);
            int start = sb.responseStart(r);
            for (int t = 0; t < s.responseTokens().length; t++) {
                old[r * width + start + t] = s.behaviourLogprobs()[t];
            }
            for (int t = 0; t < width; t++) {
                advTokens[r * width + t] = adv[r];
            }
        }
        float[] valid = sb.responseMaskArray();
        policy.zeroGradients();
        try (NDManager scope = Engines.newManager()) {
            Shape shape = new Shape(rows, width);
            NDArray validNd = scope.create(valid, shape).toType(DataType.FLOAT64, false);
            double lossValue;
            double clipFraction;
            double klRef = 0;
            float[] logpValues;
            float[] entropy;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                TokenScores scores = policy.score(scope, sb);
                // toType() would cut the autograd graph; type promotion in add() keeps it
                NDArray logp = scope.zeros(shape, DataType.FLOAT64).add(scores.logp());
                LossResult res =
                        loss.compute(
                                new LossInput(
                                        logp,
                                        scope.create(old, shape),
                                        scope.create(advTokens, shape),
                                        validNd));
                NDArray total = res.loss();
                if (reference != null) {
                    NDArray kl = k3(reference.score(scope, sb).logp(), logp, validNd);
                    klRef = kl.getDouble();
                    total = total.add(kl.mul(config.klBeta()));
                }
                lossValue = total.getDouble();
                clipFraction = res.clipFraction();
                logpValues = scores.logp().toFloatArray();
                entropy = scores.entropy().toFloatArray();
                if (!Double.isFinite(lossValue)) {
                    throw new IllegalStateException("loss is " + lossValue + "; no update applied");
                }
                gc.backward(total);
            }
            double gradNorm = applyUpdate(scope);
            return stats(
                    lossValue,
                    klRef,
                    clipFraction,
                    gradNorm,
                    valid,
                    old,
                    logpValues,
                    entropy,
                    rows);
        } finally {
            policy.zeroGradients();
        }
    }

    /** k3 estimate of KL(current ‖ reference), token mean: exp(ref − logp) − (ref − logp) − 1. */
    private static NDArray k3(NDArray refLogp, NDArray logp, NDArray valid) {
        NDArray d = refLogp.toType(DataType.FLOAT64, false).stopGradient().sub(logp);
        NDArray perToken = d.exp().sub(d).sub(1.0);
        double count = Math.max(1.0, valid.sum().getDouble());
        return perToken.mul(valid).sum().div(count);
    }

    /** Clips the global gradient norm and applies AdamW; returns the norm before clipping. */
    private double applyUpdate(NDManager scope) {
        List<NDArray> grads = new ArrayList<>();
        List<String> nonFinite = new ArrayList<>();
        double sumSq = 0;
        for (int i = 0; i < policy.parameters().size(); i++) {
            NDArray g = policy.parameters().get(i).getGradient();
            g.attach(scope);
            grads.add(g);
            double sq;
            try (NDManager sub = scope.newSubManager()) {
                g.tempAttach(sub); // its square is as large as the tensor: freed per tensor
                sq = g.square().sum().toType(DataType.FLOAT64, false).getDouble();
            }
            if (!Double.isFinite(sq)) {
                nonFinite.add(policy.parameterNames().get(i));
            }
            sumSq += sq;
        }
        double norm = Math.sqrt(sumSq);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException(
                    "gradient norm is "
                            + norm
                            + " (non-finite in "
                            + nonFinite.size()
                            + " tensors, first "
                            + nonFinite.subList(0, Math.min(3, nonFinite.size()))
                            + "); no update applied");
        }
        double scale = Math.min(1.0, config.maxGradNorm() / (norm + 1e-6));
        optimizer.update(grads, scale, scope);
        return norm;
    }

    private static StepStats stats(
            double loss,
            double klRef,
            double clipFraction,
            double gradNorm,
            float[] valid,
            double[] old,
            float[] logp,
            float[] entropy,
            int rows) {
        double tokens = 0;
        double kl = 0;
        double ent = 0;
        for (int i = 0; i < valid.length; i++) {
            if (valid[i] > 0) {
                tokens++;
                double d = Math.max(-20, Math.min(20, logp[i] - old[i]));
                kl += Math.expm1(d) - d;
                ent += entropy[i];
            }
        }
        double n = Math.max(1, tokens);
        return new StepStats(
                loss, kl / n, klRef, ent / n, clipFraction, gradNorm, (long) tokens, rows);
    }

    /** Per-sample advantages, optionally normalised over the batch with the unbiased std. */
    static double[] advantages(List<TrainSample> samples, boolean normalize) {
        double[] a = new double[samples.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = samples.get(i).advantage();
        }
        if (!normalize) {
            return a;
        }
        double mean = 0;
        for (double x : a) {
            mean += x;
        }
        mean /= a.length;
        double ss = 0;
        for (double x : a) {
            ss += (x - mean) * (x - mean);
        }
        double std = a.length > 1 ? Math.sqrt(ss / (a.length - 1)) : 0.0;
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - mean) / (std + 1e-8);
        }
        return a;
    }

    @Override
    public void close() {
        if (reference != null) {
            reference.close();
        }
        optimizer.close();
    }
}
