package dev.rivulet.server.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.Scalars;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.List;

/**
 * AdamW with decoupled weight decay, updating the policy's parameters in place: m ← β1·m +
 * (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε).
 */
public final class AdamW implements AutoCloseable {

    private final TransformerPolicy policy;
    private final OptimizerConfig config;
    private final NDManager manager;
    private final NDArray[] m;
    private final NDArray[] v;
    private long step;

    /** Zero-initialised moments for every parameter of {@code policy}. */
    public AdamW(TransformerPolicy policy, OptimizerConfig config) {
        this.policy = policy;
        this.config = config;
        this.manager = Engines.newManager();
        List<NDArray> params = policy.parameters();
        this.m = new NDArray[params.size()];
        this.v = new NDArray[params.size()];
        for (int i = 0; i < params.size(); i++) {
            m[i] = manager.zeros(params.get(i).getShape(), DataType.FLOAT32);
            v[i] = manager.zeros(params.get(i).getShape(), DataType.FLOAT32);
        }
    }

    /** The settings. */
    public OptimizerConfig config() {
        return config;
    }

    /** Bytes the two moments hold (as large as the parameters each). */
    public long stateBytes() {
        return Engines.bytes(java.util.Arrays.asList(m))
                + Engines.bytes(java.util.Arrays.asList(v));
    }

    /** Number of updates applied. */
    public long stepCount() {
        return step;
    }

    /**
     * Applies one update with gradients {@code grads} (same order as the parameters) multiplied by
     * {@code gradScale}. Each parameter's temporaries live in a sub-manager of {@code scope} that
     * is closed before the next parameter, so an update needs a few arrays of the largest parameter
     * on top of the moments, not several copies of the whole model.
     */
    public void update(List<NDArray> grads, double gradScale, NDManager scope) {
        Engines.noGradOnThisThread();
        step++;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double lr = config.learningRate();
        double bc1 = 1 - Math.pow(b1, step);
        double bc2 = 1 - Math.pow(b2, step);
        List<NDArray> params = policy.parameters();
        for (int i = 0; i < params.size(); i++) {
            try (NDManager sub = scope.newSubManager()) {
                NDArray grad = grads.get(i);
                grad.tempAttach(sub); // results of operations on it are created in sub
                NDArray g = Scalars.mul(grad, gradScale);
                m[i].muli(b1).addi(Scalars.mul(g, 1 - b1));
                v[i].muli(b2).addi(g.square().muli(1 - b2));
                NDArray denom = scoped(Scalars.div(v[i], bc2), sub).sqrt().addi(config.epsilon());
                NDArray update = scoped(Scalars.div(m[i], bc1), sub).divi(denom).muli(lr);
                NDArray p = params.get(i);
                if (config.weightDecay() > 0 && policy.decays(i)) {
                    p.muli(1 - lr * config.weightDecay());
                }
                p.subi(update);
            }
        }
    }

    private static NDArray scoped(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    /** Copies the state out (bit-exact). */
    public OptimizerState exportState() {
        float[][] ms = new float[m.length][];
        float[][] vs = new float[v.length][];
        for (int i = 0; i < m.length; i++) {
            ms[i] = m[i].toFloatArray();
            vs[i] = v[i].toFloatArray();
        }
        return new OptimizerState(step, ms, vs);
    }

    /** Overwrites the state in place (bit-exact). */
    public void importState(OptimizerState s) {
        if (s.firstMoment().length != m.length || s.secondMoment().length != v.length) {
            throw new IllegalArgumentException(
                    "optimizer state has "
                            + s.firstMoment().length
                            + " arrays, expected "
                            + m.length);
        }
        Engines.noGradOnThisThread();
        for (int i = 0; i < m.length; i++) {
            Engines.copyInto(m[i], s.firstMoment()[i]);
            Engines.copyInto(v[i], s.secondMoment()[i]);
        }
        step = s.step();
    }

    @Override
    public void close() {
        manager.close();
    }
}
