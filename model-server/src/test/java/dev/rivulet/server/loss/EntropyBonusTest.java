package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.TokenScores;
import org.junit.jupiter.api.Test;

/**
 * The {@code entropy-bonus} regulariser: −c·H per token, H the full-vocabulary entropy, aggregated
 * like the loss, differentiable through the logits.
 */
class EntropyBonusTest {

    /** Loss value and d loss / d logits for logits (rows, tokens, vocab) through −c·H. */
    private record Out(double loss, double[] grad) {}

    private static Out run(String loss, double coef, double[] logits, Shape shape, double[] valid) {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(logits, shape);
            x.setRequiresGradient(true);
            Shape tokens = new Shape(shape.get(0), shape.get(1));
            NDArray zeros = m.zeros(tokens, x.getDataType());
            PolicyLoss l =
                    PolicyLosses.create(
                            loss,
                            StrategyOptions.of(
                                    "regulariser",
                                    "entropy-bonus",
                                    "regulariser-coef",
                                    Double.toString(coef)));
            double value;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                NDArray h = TokenScores.entropy(x.logSoftmax(-1));
                // A = 0 and ratio 1: the policy-gradient terms are 0, only −c·H remains
                LossResult r =
                        l.compute(new LossInput(zeros, zeros, zeros, m.create(valid, tokens), h));
                value = r.loss().getDouble();
                gc.backward(r.loss());
            }
            return new Out(value, x.getGradient().toDoubleArray());
        }
    }

    /** H of softmax(row) in double precision. */
    private static double entropy(double[] x, int off, int v) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, x[off + i]);
        }
        double z = 0;
        for (int i = 0; i < v; i++) {
            z += Math.exp(x[off + i] - max);
        }
        double h = 0;
        for (int i = 0; i < v; i++) {
            double p = Math.exp(x[off + i] - max) / z;
            h -= p * Math.log(p);
        }
        return h;
    }

    /** Token-mean of −c·H over valid positions, by hand. */
    private static double reference(double coef, double[] x, int positions, int v, double[] valid) {
        double sum = 0;
        double n = 0;
        for (int p = 0; p < positions; p++) {
            sum += valid[p] * -coef * entropy(x, p * v, v);
            n += valid[p];
        }
        return sum / Math.max(1, n);
    }

    @Test
    void uniformLogitsHaveEntropyLnV() {
        int v = 7;
        double[] uniform = new double[2 * v];
        java.util.Arrays.fill(uniform, 0.25);
        try (NDManager m = Engines.newManager()) {
            double[] h =
                    TokenScores.entropy(m.create(uniform, new Shape(1, 2, v)).logSoftmax(-1))
                            .toDoubleArray();
            assertThat(h).containsExactly(new double[] {Math.log(v), Math.log(v)}, within(1e-12));
        }
        // token mean of -c*ln V over two valid tokens
        Out out = run("reinforce", 0.5, uniform, new Shape(1, 2, v), new double[] {1, 1});
        assertThat(out.loss()).isCloseTo(-0.5 * Math.log(v), within(1e-12));
        // the uniform distribution is the entropy's maximum: no gradient
        for (double g : out.grad()) {
            assertThat(g).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] x = {0.3, -1.2, 2.0, 0.0, 0.7, 0.7, -0.4, 1.5, -2.2, 0.1, 0.9, -0.3};
        Shape shape = new Shape(1, 3, 4);
        double[] valid = {1, 1, 0}; // the third position is padding: no gradient
        double coef = 0.2;
        for (String loss : new String[] {"ppo-clip", "reinforce", "opmd"}) {
            Out out = run(loss, coef, x, shape, valid);
            assertThat(out.loss())
                    .as(loss)
                    .isCloseTo(reference(coef, x, 3, 4, valid), within(1e-12));
            double eps = 1e-6;
            for (int i = 0; i < x.length; i++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[i] += eps;
                down[i] -= eps;
                double fd =
                        (reference(coef, up, 3, 4, valid) - reference(coef, down, 3, 4, valid))
                                / (2 * eps);
                assertThat(out.grad()[i]).as("%s d/dx[%d]", loss, i).isCloseTo(fd, within(1e-8));
            }
            for (int i = 8; i < 12; i++) {
                assertThat(out.grad()[i]).isZero();
            }
        }
    }

    @Test
    void anEmptyMaskGivesZeroAndNoNaN() {
        double[] x = {0.3, -1.2, 2.0, 0.0, 0.7, 0.7};
        Out out = run("ppo-clip", 0.001, x, new Shape(1, 2, 3), new double[] {0, 0});
        assertThat(out.loss()).isZero();
        for (double g : out.grad()) {
            assertThat(g).isNotNaN().isZero();
        }
    }

    @Test
    void theDefaultCoefficientIsVerlsAndTheTermNeedsTheEntropy() {
        assertThat(PolicyLosses.create("ppo-clip").options().regulariserCoef()).isEqualTo(0.001);
        assertThat(Regularisers.registry().factory(EntropyBonus.ID).options().get(0).defaultValue())
                .isEqualTo("0.001");
        Regulariser bonus = Regularisers.create(EntropyBonus.ID, 0.1);
        assertThat(bonus.needsEntropy()).isTrue();
        try (NDManager m = Engines.newManager()) {
            NDArray z = m.zeros(new Shape(1, 1));
            assertThatThrownBy(() -> bonus.term(new LossInput(z, z, z, z)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("entropy-bonus needs the policy's entropy");
        }
    }
}
