package dev.rivulet.server.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rivulet.server.loss.K3;
import dev.rivulet.server.loss.LossContext;
import dev.rivulet.server.loss.LossInput;
import dev.rivulet.server.loss.LossNeed;
import dev.rivulet.server.loss.LossResult;
import dev.rivulet.server.loss.PolicyLoss;
import dev.rivulet.server.loss.TokenAggregation;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.Scalars;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.TokenScores;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Applies one policy-gradient step per micro-batch: validates it, scores the responses under the
 * current weights, takes the loss (in float64, each token with its advantage: the row's scalar or
 * its per-token A_t, see {@link BatchAdvantages}) plus β·k3 KL to a frozen reference (β from the
 * optimizer's KL schedule at the optimizer's step count), clips the global gradient norm and
 * updates with AdamW; a rejected batch changes nothing.
 */
public final class Learner implements AutoCloseable {

    private final TransformerPolicy policy;
    private final PolicyLoss loss;
    private final OptimizerConfig config;
    private final AdamW optimizer;
    private final TransformerPolicy reference;
    private final TokenAggregation aggregation;
    private final long maxLogitsPerChunk;
    private final Set<LossNeed> needs;

    /**
     * Logits (rows × positions × vocabulary) one forward/backward pass may hold: 2^24, 64 MiB per
     * float32 copy; larger batches are scored in row chunks whose gradients add up.
     */
    static final long MAX_LOGITS_PER_CHUNK = 1L << 24;

    /**
     * A learner for {@code policy}; when the KL weight is above 0 at any step of its schedule it
     * freezes a copy of the current weights as the reference policy (owned and closed by the
     * learner).
     */
    public Learner(TransformerPolicy policy, PolicyLoss loss, OptimizerConfig config) {
        this(policy, loss, config, MAX_LOGITS_PER_CHUNK);
    }

    /**
     * A learner whose passes hold at most {@code maxLogitsPerChunk} logits (tests force chunks).
     */
    Learner(
            TransformerPolicy policy,
            PolicyLoss loss,
            OptimizerConfig config,
            long maxLogitsPerChunk) {
        this.policy = policy;
        this.loss = loss;
        this.config = config;
        this.optimizer = new AdamW(policy, config);
        this.needs = loss.needs();
        this.reference =
                config.klSchedule().everPositive(config.klBeta())
                                || needs.contains(LossNeed.REFERENCE)
                        ? policy.copy(true)
                        : null;
        this.aggregation = loss.aggregation();
        this.maxLogitsPerChunk = maxLogitsPerChunk;
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
     * Whether a frozen reference policy is held (the KL weight is above 0 at some step, or the loss
     * reads the reference's log-probs).
     */
    public boolean hasReference() {
        return reference != null;
    }

    /** Bytes the frozen reference policy's parameters hold, 0 without one. */
    public long referenceBytes() {
        return reference == null ? 0 : reference.parameterBytes();
    }

    /**
     * β of the KL to the reference that the next step applies: the schedule's value at the
     * optimizer's step count (restored with the optimizer by a rollback or restart); 0 without a
     * reference.
     */
    public double klBeta() {
        return reference == null ? 0.0 : config.klBetaAt(optimizer.stepCount());
    }

    /**
     * Trains on one micro-batch.
     *
     * @throws IllegalArgumentException for a bad batch (nothing is updated)
     * @throws IllegalStateException when the loss or gradient is not finite (nothing is updated)
     */
    public StepStats step(MicroBatch batch) {
        BatchValidator.validate(batch, policy.config());
        List<TrainSample> samples =
                needs.contains(LossNeed.GROUPS)
                        ? RowGroups.contiguous(batch.samples())
                        : batch.samples();
        double[][] adv = BatchAdvantages.perToken(samples, batch.normalizeAdvantages());
        double[] scalar = BatchAdvantages.scalars(samples, batch.normalizeAdvantages());
        double klBeta = klBeta();
        int rows = samples.size();
        TokenAggregation.Extent extent = extent(samples, 0, rows);
        int chunkRows = rowsPerChunk(width(samples));
        int[] bounds =
                needs.contains(LossNeed.GROUPS)
                        ? RowGroups.chunkBounds(samples, chunkRows)
                        : RowGroups.evenBounds(rows, chunkRows);
        Accumulated acc = new Accumulated(klBeta);
        policy.zeroGradients();
        try (NDManager scope = Engines.newManager()) {
            try (GradientCollector gc = Engines.newGradientCollector()) {
                for (int c = 0; c + 1 < bounds.length; c++) {
                    int from = bounds[c];
                    int to = bounds[c + 1];
                    try (NDManager chunkScope = scope.newSubManager()) {
                        NDArray total =
                                chunk(chunkScope, samples, adv, scalar, from, to, extent, acc);
                        gc.backward(total);
                    }
                }
            }
            return acc.stats(applyUpdate(scope), rows);
        } finally {
            policy.zeroGradients();
        }
    }

    /**
     * Rows of one forward/backward pass: as many as keep rows × width × vocabulary logits under the
     * budget (all of them for a small vocabulary; a few for a 152k-token one, whose full batch
     * would need tens of GiB). The gradients of the chunks add up to the batch's.
     */
    int rowsPerChunk(int width) {
        long perRow = (long) width * policy.config().vocabSize() * distributionCopies();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxLogitsPerChunk / perRow));
    }

    /**
     * Full-vocabulary tensors a row's backward pass keeps per position: the log-probabilities (1),
     * and with a loss term over the whole distribution (an entropy bonus, AEPO's cross-entropy)
     * also its probabilities and their product with the log-probabilities (3), so such a loss
     * scores a third of the rows per pass.
     */
    int distributionCopies() {
        return needs.contains(LossNeed.ENTROPY) || needs.contains(LossNeed.DISTRIBUTION) ? 3 : 1;
    }

    /**
     * Scores rows [from, to) and returns their share of the batch's loss: the aggregation of the
     * chunk weighted so that the shares add up to the aggregation of the whole batch (and β times
     * the k3 KL's share); records values and diagnostics in {@code acc}.
     */
    private NDArray chunk(
            NDManager scope,
            List<TrainSample> samples,
            double[][] adv,
            double[] scalar,
            int from,
            int to,
            TokenAggregation.Extent batch,
            Accumulated acc) {
        SequenceBatch sb = sequences(samples, from, to);
        int rows = sb.rows();
        int width = sb.width();
        double[] old = new double[rows * width];
        double[] advTokens = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            TrainSample s = samples.get(from + r);
            int start = sb.responseStart(r);
            // padding keeps the row's scalar (masked out by valid), response tokens their A_t
            Arrays.fill(advTokens, r * width, (r + 1) * width, scalar[from + r]);
            for (int t = 0; t < s.responseTokens().length; t++) {
                old[r * width + start + t] = s.behaviourLogprobs()[t];
                advTokens[r * width + start + t] = adv[from + r][t];
            }
        }
        float[] valid = sb.responseMaskArray();
        TokenAggregation.Extent extent = extent(samples, from, to);
        double weight = aggregation.chunkWeight(extent, batch);
        double batchValid = batch.validTokens();
        double chunkValid = extent.validTokens();
        double tokenShare = Math.max(1, chunkValid) / Math.max(1, batchValid);
        Shape shape = new Shape(rows, width);
        NDArray validNd = scope.create(valid, shape).toType(DataType.FLOAT64, false);
        TokenScores scores =
                policy.score(
                        scope,
                        sb,
                        needs.contains(LossNeed.ENTROPY),
                        needs.contains(LossNeed.DISTRIBUTION));
        // toType() would cut the autograd graph; type promotion in add() keeps it
        NDArray logp = scope.zeros(shape, DataType.FLOAT64).add(scores.logp());
        NDArray entropy = scope.zeros(shape, DataType.FLOAT64).add(scores.entropy());
        NDArray refLogp =
                reference == null
                        ? null
                        : reference.score(scope, sb).logp().toType(DataType.FLOAT64, false);
        LossContext context =
                RowGroups.context(
                        samples.subList(from, to),
                        sb,
                        optimizer.stepCount(),
                        needs.contains(LossNeed.REFERENCE) ? refLogp : null,
                        scores.logProbs());
        LossResult res =
                loss.compute(
                        new LossInput(
                                logp,
                                scope.create(old, shape),
                                scope.create(advTokens, shape),
                                validNd,
                                entropy,
                                context));
        NDArray total = weight == 1.0 ? res.loss() : Scalars.mul(res.loss(), weight);
        if (reference != null) {
            NDArray kl = k3(refLogp, logp, validNd);
            acc.klRef += kl.getDouble() * tokenShare;
            total = total.add(Scalars.mul(kl, acc.klBeta * tokenShare));
        }
        double value = total.getDouble();
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("loss is " + value + "; no update applied");
        }
        acc.loss += value;
        acc.clipFraction += res.clipFraction() * chunkValid / Math.max(1, batchValid);
        acc.add(valid, old, scores.logp().toFloatArray(), scores.entropy().toFloatArray());
        return total;
    }

    private static SequenceBatch sequences(List<TrainSample> samples, int from, int to) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (TrainSample s : samples.subList(from, to)) {
            prompts.add(s.promptTokens());
            responses.add(s.responseTokens());
        }
        return SequenceBatch.of(prompts, responses, 0);
    }

    /**
     * The extent of rows [from, to): a row's valid tokens are its response tokens (the response
     * mask of {@link SequenceBatch}), so no batch needs building to know it.
     */
    private static TokenAggregation.Extent extent(List<TrainSample> samples, int from, int to) {
        double total = 0;
        double longest = 0;
        for (TrainSample s : samples.subList(from, to)) {
            total += s.responseTokens().length;
            longest = Math.max(longest, s.responseTokens().length);
        }
        return new TokenAggregation.Extent(to - from, total, longest);
    }

    /**
     * Positions per row of the batch's {@link SequenceBatch}: the longest prompt + response − 1.
     */
    private static int width(List<TrainSample> samples) {
        int width = 1;
        for (TrainSample s : samples) {
            width = Math.max(width, s.promptTokens().length + s.responseTokens().length - 1);
        }
        return width;
    }

    /** The sums over a step's chunks: loss, KL to the reference, clip share and diagnostics. */
    private static final class Accumulated {
        final double klBeta;
        double loss;
        double klRef;
        double clipFraction;
        private double tokens;
        private double klBehaviour;
        private double entropy;

        Accumulated(double klBeta) {
            this.klBeta = klBeta;
        }

        /** Adds a chunk's valid tokens: its k1-style KL to the behaviour policy and entropy. */
        void add(float[] valid, double[] old, float[] logp, float[] ent) {
            for (int i = 0; i < valid.length; i++) {
                if (valid[i] > 0) {
                    tokens++;
                    double d = Math.max(-20, Math.min(20, logp[i] - old[i]));
                    klBehaviour += Math.expm1(d) - d;
                    entropy += ent[i];
                }
            }
        }

        StepStats stats(double gradNorm, int rows) {
            double n = Math.max(1, tokens);
            return new StepStats(
                    loss,
                    klBehaviour / n,
                    klRef,
                    entropy / n,
                    clipFraction,
                    gradNorm,
                    (long) tokens,
                    rows,
                    klBeta);
        }
    }

    /** k3 estimate of KL(current ‖ reference), token mean: exp(ref − logp) − (ref − logp) − 1. */
    private static NDArray k3(NDArray refLogp, NDArray logp, NDArray valid) {
        NDArray perToken = K3.perToken(refLogp, logp);
        double count = Math.max(1.0, valid.sum().getDouble());
        return Scalars.div(perToken.mul(valid).sum(), count);
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
        if (sumSq == 0) {
            // no signal (every advantage 0, no KL or regulariser term): AdamW would still move
            // every weight along its momentum m/sqrt(v), and right after a rare small gradient that
            // is a step of about lr per coordinate in the sign of a noisy gradient; a label-free
            // shaper whose groups are mostly all-equal collapsed on such steps alone
            // (docs/algorithms/shaping-format-length.md). Weights and optimizer state stay put.
            return 0.0;
        }
        double scale = Math.min(1.0, config.maxGradNorm() / (norm + 1e-6));
        optimizer.update(grads, scale, scope);
        return norm;
    }

    @Override
    public void close() {
        if (reference != null) {
            reference.close();
        }
        optimizer.close();
    }
}
