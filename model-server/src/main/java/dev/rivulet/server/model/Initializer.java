package dev.rivulet.server.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded initial weights, drawn tensor by tensor in layout order so that a policy and a random
 * checkpoint written from the same seed agree: N(0, 0.02) matrices and embeddings (residual
 * projections scaled by 1/sqrt(2·layers)), zero biases, unit norms.
 */
public final class Initializer {

    private static final double STD = 0.02;

    private final List<ParamSpec> layout;
    private final SplittableRandom rnd;
    private final double residualStd;
    private int next;

    /** Initial values for the parameters of {@code config}, drawn from {@code seed}. */
    public Initializer(PolicyConfig config, long seed) {
        this.layout = ParamSpec.layout(config);
        this.rnd = new SplittableRandom(seed);
        this.residualStd = STD / Math.sqrt(2.0 * config.layers());
    }

    /** The layout the values follow. */
    public List<ParamSpec> layout() {
        return layout;
    }

    /** The values of parameter {@code i}; parameters must be asked for in order, once each. */
    public float[] values(int i) {
        if (i != next) {
            throw new IllegalStateException("parameter " + i + " asked for, expected " + next);
        }
        next++;
        ParamSpec s = layout.get(i);
        float[] out = new float[Math.toIntExact(s.numel())];
        switch (s.kind()) {
            case NORM -> Arrays.fill(out, 1f);
            case BIAS -> {}
            case RESIDUAL_MATRIX -> fillNormal(out, residualStd);
            default -> fillNormal(out, STD);
        }
        return out;
    }

    private void fillNormal(float[] out, double std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (rnd.nextGaussian() * std);
        }
    }
}
