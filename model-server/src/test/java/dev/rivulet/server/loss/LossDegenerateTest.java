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

/** Edge cases: zero advantages, ratios exactly on the clip edges, empty masks, huge log-ratios. */
class LossDegenerateTest {

    /** Loss value and d loss / d logp for one row of tokens. */
    private record Out(double loss, double[] grad, double clipFraction) {}

    private static Out run(
            PolicyLoss loss, double[] logp, double[] old, double adv, double[] valid) {
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(1, logp.length);
            NDArray lp = m.create(logp, s);
            lp.setRequiresGradient(true);
            double[] a = new double[logp.length];
            java.util.Arrays.fill(a, adv);
            double value;
            double clip;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                LossResult r =
                        loss.compute(
                                new LossInput(
                                        lp, m.create(old, s), m.create(a, s), m.create(valid, s)));
                value = r.loss().getDouble();
                clip = r.clipFraction();
                gc.backward(r.loss());
            }
            return new Out(value, lp.getGradient().toDoubleArray(), clip);
        }
    }

    /** Exactly ±0 (−0.0 counts as zero), never NaN. */
    private static void assertZero(String id, double[] grad) {
        for (double g : grad) {
            assertThat(g).as(id).isCloseTo(0.0, within(0.0));
        }
    }

    @Test
    void zeroAdvantagesGiveZeroLossAndGradientForPolicyTerms() {
        double[] lp = {-1.0, -0.5, -2.0};
        double[] old = {-1.1, -0.4, -2.5};
        double[] valid = {1, 1, 1};
        for (String id :
                new String[] {
                    "ppo-clip",
                    "reinforce",
                    "rec/one-side/is",
                    "rec/ring/none",
                    "rec/none/advantage"
                }) {
            Out o = run(PolicyLosses.create(id), lp, old, 0.0, valid);
            assertThat(o.loss()).as(id).isCloseTo(0.0, within(0.0));
            assertZero(id, o.grad());
        }
    }

    @Test
    void emptyMaskGivesZeroWithoutNaN() {
        double[] lp = {-1.0, -0.5};
        double[] none = {0, 0};
        for (String id : PolicyLosses.ids()) {
            Out o = run(PolicyLosses.create(id), lp, lp, 1.5, none);
            assertThat(o.loss()).as(id).isCloseTo(0.0, within(0.0));
            assertZero(id, o.grad());
            assertThat(o.clipFraction()).as(id).isZero();
        }
    }

    @Test
    void ppoClipAtTheEdges() {
        PolicyLoss ppo = PolicyLosses.create("ppo-clip");
        double[] valid = {1};
        // ρ exactly 1 + ε_hi with A > 0: both branches equal −A·ρ, gradient −A·ρ (not yet clipped)
        double hi = Math.log(1.28);
        Out atHi = run(ppo, new double[] {hi - 1.0}, new double[] {-1.0}, 2.0, valid);
        assertThat(atHi.loss()).isCloseTo(-2.0 * 1.28, within(1e-12));
        // beyond the edge the clipped branch wins and the gradient vanishes
        Out beyondHi =
                run(ppo, new double[] {Math.log(1.5) - 1.0}, new double[] {-1.0}, 2.0, valid);
        assertThat(beyondHi.loss()).isCloseTo(-2.0 * 1.28, within(1e-12));
        assertThat(beyondHi.grad()[0]).isZero();
        assertThat(beyondHi.clipFraction()).isEqualTo(1.0);
        // ρ = 1 − ε_lo with A < 0: loss −A·0.8
        Out atLo = run(ppo, new double[] {Math.log(0.8) - 1.0}, new double[] {-1.0}, -1.0, valid);
        assertThat(atLo.loss()).isCloseTo(0.8, within(1e-12));
        // dual clip: A < 0 and ρ = 5 > 3: the loss is capped at −3·A and has no gradient
        Out dual = run(ppo, new double[] {Math.log(5.0) - 1.0}, new double[] {-1.0}, -1.0, valid);
        assertThat(dual.loss()).isCloseTo(3.0, within(1e-12));
        assertThat(dual.grad()[0]).isZero();
    }

    @Test
    void recTwoSideMaskKeepsTheEdgesInclusive() {
        PolicyLoss rec =
                PolicyLosses.create(
                        "rec/two-side/none",
                        StrategyOptions.of("eps-low", "0.25", "eps-high", "0.5"));
        // ρ = 0.75 and 1.5 are exactly representable: both on the edges, both kept
        double[] lp = {Math.log(0.75), Math.log(1.5), Math.log(2.0)};
        Out o = run(rec, lp, new double[] {0, 0, 0}, 1.0, new double[] {1, 1, 1});
        assertThat(o.grad()[0]).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(o.grad()[1]).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(o.grad()[2]).isZero();
        assertThat(o.clipFraction()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void hugeLogRatiosAreClampedAndStayFinite() {
        Out o =
                run(
                        PolicyLosses.create("ppo-clip"),
                        new double[] {0.0},
                        new double[] {-500.0},
                        -1.0,
                        new double[] {1});
        assertThat(o.loss()).isCloseTo(3.0, within(1e-12)); // dual-clipped, ρ = e^20 not e^500
        Out is =
                run(
                        PolicyLosses.create("rec/none/is"),
                        new double[] {0.0},
                        new double[] {-500.0},
                        1.0,
                        new double[] {1});
        assertThat(is.grad()[0]).isCloseTo(-Math.exp(20), within(1e-3));
        assertThat(Double.isFinite(is.loss())).isTrue();
    }

    @Test
    void unknownIdListsKnownIds() {
        assertThatThrownBy(() -> PolicyLosses.create("ppo"))
                .hasMessageContaining("unknown policy loss 'ppo'")
                .hasMessageContaining("asymre, opmd, ppo-clip, rec, reg-grpo, reinforce");
        assertThatThrownBy(() -> PolicyLosses.create("rec/sideways/is"))
                .hasMessageContaining(
                        "policy loss 'rec': option 'mask' must be one of none, one-side, two-side,"
                                + " ring, got 'sideways'");
    }
}
