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

/** The {@code kl-schedule} regulariser: β(step)·k3 to the reference, β held, then ramped. */
class KlScheduleRegulariserTest {

    /** coef (β_max) 0.04, beta-start 0.01, warmup 2, steps 4. */
    private static KlScheduleRegulariser schedule() {
        return (KlScheduleRegulariser)
                Regularisers.create(
                        KlScheduleRegulariser.ID, 0.04, "beta-start:0.01, warmup:2, steps:4");
    }

    @Test
    void betaIsHeldThenRampsLinearlyThenHolds() {
        // s <= 2: 0.01; s = 3: 0.01 + 0.03*1/4 = 0.0175; s = 4: 0.01 + 0.03*2/4 = 0.025;
        // s = 6: 0.04; afterwards 0.04
        KlScheduleRegulariser r = schedule();
        assertThat(r.beta(0)).isCloseTo(0.01, within(1e-15));
        assertThat(r.beta(2)).isCloseTo(0.01, within(1e-15));
        assertThat(r.beta(3)).isCloseTo(0.0175, within(1e-15));
        assertThat(r.beta(4)).isCloseTo(0.025, within(1e-15));
        assertThat(r.beta(6)).isCloseTo(0.04, within(1e-15));
        assertThat(r.beta(1000)).isCloseTo(0.04, within(1e-15));
        // the defaults: from 0 to coef over 100 steps
        Regulariser d = Regularisers.create(KlScheduleRegulariser.ID, 0.04);
        assertThat(((KlScheduleRegulariser) d).beta(0)).isZero();
        assertThat(((KlScheduleRegulariser) d).beta(50)).isCloseTo(0.02, within(1e-15));
    }

    @Test
    void theTermIsBetaTimesK3WithItsGradient() {
        // ref = -1, logp = -1.5: d = ref - logp = 0.5, k3 = e^0.5 - 0.5 - 1 = 0.1487213
        // at step 4 (β = 0.025): 0.025*0.1487213 = 0.0037180; d/dlogp = β*(1 - e^0.5)
        //   = 0.025*(-0.6487213)
        // a second token equal to its reference: k3 = 0, gradient 0
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(1, 2);
            NDArray lp = m.create(new double[] {-1.5, -2.0}, s);
            lp.setRequiresGradient(true);
            NDArray ref = m.create(new double[] {-1.0, -2.0}, s);
            LossContext ctx =
                    new LossContext(
                            new int[] {0}, new int[][] {{3, 4}}, new int[] {0}, 4, ref, null);
            NDArray t;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                t = schedule().term(new LossInput(lp, lp, lp, m.ones(s), null, ctx));
                gc.backward(t.sum());
            }
            assertThat(t.toDoubleArray())
                    .containsExactly(new double[] {0.025 * 0.1487212707001282, 0.0}, within(1e-12));
            assertThat(lp.getGradient().toDoubleArray())
                    .containsExactly(
                            new double[] {0.025 * -0.6487212707001282, 0.0}, within(1e-12));
        }
    }

    @Test
    void aLossWithItAsksForTheReferenceAndAnEmptyMaskGivesZero() {
        PolicyLoss loss =
                PolicyLosses.create(
                        "ppo-clip",
                        StrategyOptions.of(
                                "regulariser", "kl-schedule",
                                "regulariser-coef", "0.04",
                                "regulariser-options", "beta-start:0.04"));
        assertThat(loss.needs()).contains(LossNeed.REFERENCE);
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(1, 2);
            NDArray lp = m.create(new double[] {-1.5, -2.0}, s);
            NDArray ref = m.create(new double[] {-1.0, -2.5}, s);
            LossContext ctx =
                    new LossContext(
                            new int[] {0}, new int[][] {{3, 4}}, new int[] {0}, 0, ref, null);
            NDArray z = m.zeros(s, lp.getDataType());
            double empty = loss.compute(new LossInput(lp, lp, z, z, null, ctx)).loss().getDouble();
            assertThat(empty).isZero();
            // A = 0, ratio 1: the loss is the token-mean of β*k3 = 0.04*(k3(0.5) + k3(-0.5))/2
            double v =
                    loss.compute(new LossInput(lp, lp, z, m.ones(s), null, ctx)).loss().getDouble();
            double k3neg = Math.exp(-0.5) + 0.5 - 1;
            assertThat(v).isCloseTo(0.04 * (0.1487212707001282 + k3neg) / 2, within(1e-12));
        }
    }

    @Test
    void missingReferenceOrBadOptionsFailClearly() {
        try (NDManager m = Engines.newManager()) {
            NDArray z = m.zeros(new Shape(1, 1));
            assertThatThrownBy(() -> schedule().term(new LossInput(z, z, z, z)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("REFERENCE");
        }
        assertThatThrownBy(() -> Regularisers.create("kl-schedule", 0.04, "steps:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps");
        assertThatThrownBy(() -> Regularisers.create("kl-schedule", 0.04, "ramp:3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ramp");
    }
}
