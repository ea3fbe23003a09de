package dev.rivulet.server.learn;

import java.util.List;

/**
 * The advantage of every response token of a micro-batch: a row's scalar advantage repeated over
 * its tokens, or its per-token advantages A_t when it has them; optionally after SPO's batch
 * normalisation.
 *
 * <p>The normalisation is one affine map x ↦ (x − mean)/(std + 1e-8), its mean and unbiased std
 * taken over the rows' scalar advantages (one value per row, as without per-token advantages),
 * applied to every scalar and to every A_t. A row whose A_t all equal its scalar therefore trains
 * exactly like the same row without them; but a token with A_t = 0 maps to −mean/(std + 1e-8), like
 * a row with scalar 0, so with normalisation a zero A_t no longer means "no gradient" (use
 * per-token zeros as a mask only without {@code normalizeAdvantages}).
 */
final class BatchAdvantages {

    private BatchAdvantages() {}

    /** Per-sample scalar advantages, optionally normalised over the batch with the unbiased std. */
    static double[] scalars(List<TrainSample> samples, boolean normalize) {
        double[] a = new double[samples.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = samples.get(i).advantage();
        }
        Affine map = normalize ? Affine.of(a) : Affine.IDENTITY;
        for (int i = 0; i < a.length; i++) {
            a[i] = map.apply(a[i]);
        }
        return a;
    }

    /**
     * Per-sample, per-response-token advantages: row i has one value per response token, A_t or the
     * scalar, both through the same normalisation map when {@code normalize}.
     */
    static double[][] perToken(List<TrainSample> samples, boolean normalize) {
        double[] raw = new double[samples.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = samples.get(i).advantage();
        }
        Affine map = normalize ? Affine.of(raw) : Affine.IDENTITY;
        double[][] out = new double[samples.size()][];
        for (int i = 0; i < out.length; i++) {
            TrainSample s = samples.get(i);
            double[] row = new double[s.responseTokens().length];
            for (int t = 0; t < row.length; t++) {
                row[t] = map.apply(s.advantageAt(t));
            }
            out[i] = row;
        }
        return out;
    }

    /** x ↦ (x − shift)/scale. */
    private record Affine(double shift, double scale) {

        static final Affine IDENTITY = new Affine(0, 1);

        /** SPO's map: mean and unbiased std (0 for one value) of {@code a}, scale std + 1e-8. */
        static Affine of(double[] a) {
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
            return new Affine(mean, std + 1e-8);
        }

        double apply(double x) {
            return (x - shift) / scale;
        }
    }
}
