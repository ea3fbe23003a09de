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
import org.junit.jupiter.api.Test;

/**
 * The {@code aepo} regulariser: c·(−Σ_v q_T(v) log π(v)) with q_T = softmax(log π / T) held fixed,
 * T high below the entropy target and low above it.
 */
class AepoTest {

    private record Out(double term, double[] grad) {}

    /**
     * The term at one position of distribution softmax(logits) (vocabulary of logits.length), with
     * {@code valid} for that position, and d term / d logits.
     */
    private static Out run(Regulariser reg, double[] logits, double valid) {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(logits, new Shape(1, 1, logits.length));
            x.setRequiresGradient(true);
            Shape s = new Shape(1, 1);
            NDArray zeros = m.zeros(s, x.getDataType());
            double value;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                NDArray lp = x.logSoftmax(-1);
                LossContext ctx =
                        new LossContext(
                                new int[] {0}, new int[][] {{1}}, new int[] {0}, 0, null, lp);
                NDArray t =
                        reg.term(
                                new LossInput(
                                        zeros,
                                        zeros,
                                        zeros,
                                        m.create(new double[] {valid}, s),
                                        null,
                                        ctx));
                value = t.getDouble(0, 0);
                gc.backward(t.sum());
            }
            return new Out(value, x.getGradient().toDoubleArray());
        }
    }

    private static Regulariser aepo(double coef, double target) {
        return Regularisers.create(AepoRegulariser.ID, coef, "target-entropy:" + target);
    }

    private static double[] logits(double... p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(p[i]);
        }
        return out;
    }

    @Test
    void belowTheTargetTheHighTemperatureFlattensThePolicy() {
        // pi = (0.5, 0.3, 0.2): H = 0.5 ln 2 + 0.3 ln(1/0.3) + 0.2 ln 5 = 1.0296530 < target 2
        // T = 1.2: q ∝ pi^(1/1.2) = (0.561231, 0.366667, 0.261532) / 1.189430
        //          = (0.4718501, 0.3082691, 0.2198808)
        // term = -Σ q ln pi = 0.4718501*0.6931472 + 0.3082691*1.2039728 + 0.2198808*1.6094379
        //      = 1.0520937
        // d term / d logits = pi - q = (0.0281499, -0.0082691, -0.0198808): descent lowers the
        // top logit and raises the others (entropy up)
        Out o = run(aepo(1.0, 2.0), logits(0.5, 0.3, 0.2), 1.0);
        assertThat(o.term()).isCloseTo(1.0520937051828816, within(1e-9));
        assertThat(o.grad())
                .containsExactly(
                        new double[] {
                            0.028149949645662087, -0.008269137781991176, -0.019880811863670994
                        },
                        within(1e-9));
    }

    @Test
    void aboveTheTargetTheLowTemperatureSharpensThePolicy() {
        // H = 1.0296530 >= target 0.5: T = 0.8, q ∝ pi^1.25 = (0.420448, 0.222042, 0.133748)
        //   / 0.776238 = (0.5416604, 0.2860330, 0.1723067)
        // term = 0.5416604*0.6931472 + 0.2860330*1.2039728 + 0.1723067*1.6094379 = 0.9971431
        // coef 0.5 halves it: 0.4985716; gradient 0.5*(pi - q)
        Out o = run(aepo(0.5, 0.5), logits(0.5, 0.3, 0.2), 1.0);
        assertThat(o.term()).isCloseTo(0.5 * 0.9971431473512469, within(1e-9));
        assertThat(o.grad())
                .containsExactly(
                        new double[] {
                            -0.5 * 0.04166036226868475,
                            0.5 * 0.013967014686941503,
                            0.5 * 0.027693347581743355
                        },
                        within(1e-9));
    }

    @Test
    void aUniformPolicyIsAFixedPointAtEitherTemperature() {
        // q_T = pi for every T: term = ln 3, gradient pi - q = 0
        for (double target : new double[] {0.0, 5.0}) {
            Out o = run(aepo(1.0, target), logits(1.0 / 3, 1.0 / 3, 1.0 / 3), 1.0);
            assertThat(o.term()).isCloseTo(Math.log(3), within(1e-12));
            assertThat(o.grad()).containsOnly(0.0);
        }
    }

    @Test
    void anEmptyMaskStaysFiniteAndAggregatesToZero() {
        // no valid token: mean entropy 0 < target, T = T_high; the term is finite and the
        // loss's aggregation gives 0
        Out o = run(aepo(1.0, 0.5), logits(0.98, 0.01, 0.01), 0.0);
        assertThat(o.term()).isFinite();
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(1, 1);
            NDArray lp = m.create(logits(0.5, 0.3, 0.2), new Shape(1, 1, 3));
            LossContext ctx =
                    new LossContext(new int[] {0}, new int[][] {{1}}, new int[] {0}, 0, null, lp);
            PolicyLoss loss =
                    PolicyLosses.create("ppo-clip", StrategyOptions.of("regulariser", "aepo"));
            NDArray z = m.zeros(s, lp.getDataType());
            double v = loss.compute(new LossInput(z, z, z, z, null, ctx)).loss().getDouble();
            assertThat(v).isZero();
            assertThat(loss.needs()).contains(LossNeed.DISTRIBUTION);
        }
    }

    @Test
    void missingDistributionOrBadOptionsFailClearly() {
        Regulariser r = aepo(1.0, 0.5);
        try (NDManager m = Engines.newManager()) {
            NDArray z = m.zeros(new Shape(1, 1));
            assertThatThrownBy(() -> r.term(new LossInput(z, z, z, z)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DISTRIBUTION");
        }
        assertThatThrownBy(() -> Regularisers.create("aepo", 1.0, "temperature-high:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature-high");
        assertThatThrownBy(() -> Regularisers.create("aepo", 1.0, "coef:2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regulariser-coef");
        assertThatThrownBy(() -> Regularisers.create("aepo", 1.0, "target-entropy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key:value");
    }
}
