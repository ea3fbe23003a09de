package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import org.junit.jupiter.api.Test;

/**
 * The {@code llds} regulariser: c·max(0, oldLogp − logp) on the non-negative-advantage tokens of a
 * response whose preserved likelihood fell, 0 elsewhere, with a gradient only through the fallen
 * tokens.
 */
class LldsTest {

    /** The term and d Σ(valid·term) / d logp for (rows, tokens) inputs. */
    private record Out(double[] term, double[] grad) {}

    private static Out run(
            double coef, double[][] logp, double[][] old, double[][] adv, double[][] valid) {
        try (NDManager m = Engines.newManager()) {
            NDArray lp = m.create(logp);
            lp.setRequiresGradient(true);
            NDArray v = m.create(valid);
            double[] term;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                NDArray t =
                        Regularisers.create(Llds.ID, coef)
                                .term(new LossInput(lp, m.create(old), m.create(adv), v));
                term = t.toDoubleArray();
                gc.backward(t.mul(v).sum());
            }
            return new Out(term, lp.getGradient().toDoubleArray());
        }
    }

    @Test
    void onlyTheFallenTokensOfAResponseWhoseLikelihoodFellCount() {
        // row 0: drop = old - logp = [0.3, -0.2, 0.1 | pad 4.0]; valid sum 0.2 > 0: it fell.
        //   term = 0.5*max(0, drop) = [0.15, 0, 0.05] (token 1 rose: 0); d/dlogp = [-0.5, 0, -0.5]
        // row 1: drop = [0.2, -0.5, -0.1 | pad 4.0]; valid sum -0.4 <= 0: it rose, so 0 everywhere,
        //   even token 0 whose log-prob fell, and the padding's +4 does not flip the gate
        double[][] old = {{-1, -1, -1, -1}, {-1, -1, -1, -1}};
        double[][] logp = {{-1.3, -0.8, -1.1, -5}, {-1.2, -0.5, -0.9, -5}};
        double[][] adv = {{1, 1, 1, 1}, {0.5, 0.5, 0.5, 0.5}};
        double[][] valid = {{1, 1, 1, 0}, {1, 1, 1, 0}};
        Out o = run(0.5, logp, old, adv, valid);
        double[] t = o.term();
        assertThat(new double[] {t[0], t[1], t[2]})
                .containsExactly(new double[] {0.15, 0.0, 0.05}, within(1e-12));
        assertThat(new double[] {t[4], t[5], t[6], t[7]})
                .containsExactly(new double[] {0, 0, 0, 0}, within(0.0));
        assertThat(o.grad())
                .containsExactly(new double[] {-0.5, 0, -0.5, 0, 0, 0, 0, 0}, within(1e-12));
    }

    @Test
    void negativeAdvantageTokensAreNeitherGatedNorPenalised() {
        // the paper's preserving set is A >= 0. Row 0 fell (drop sum 0.2) but has A < 0: term 0.
        // Row 1 has per-token advantages [1, -1, 0]: the gate sums the A >= 0 tokens only,
        //   drop [0.3, 0.5, -0.4] -> 0.3 - 0.4 = -0.1 <= 0 (all tokens would give 0.4 > 0): 0.
        // Row 2: same advantages, drop [0.3, 0.5, -0.1] -> 0.3 - 0.1 = 0.2 > 0: term on token 0
        //   only, 0.5*0.3 = 0.15 (token 1 fell more but has A < 0; token 2 has A = 0 but rose)
        double[][] old = {{-1, -1, -1}, {-1, -1, -1}, {-1, -1, -1}};
        double[][] logp = {{-1.3, -0.8, -1.1}, {-1.3, -1.5, -0.6}, {-1.3, -1.5, -0.9}};
        double[][] adv = {{-1, -1, -1}, {1, -1, 0}, {1, -1, 0}};
        double[][] valid = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        Out o = run(0.5, logp, old, adv, valid);
        assertThat(o.term())
                .containsExactly(new double[] {0, 0, 0, 0, 0, 0, 0.15, 0, 0}, within(1e-12));
        assertThat(o.grad())
                .containsExactly(new double[] {0, 0, 0, 0, 0, 0, -0.5, 0, 0}, within(1e-12));
    }

    @Test
    void anEmptyMaskOrAnOnPolicyBatchGivesZeroWithoutNaN() {
        double[][] old = {{-1, -2}};
        Out empty = run(0.2, new double[][] {{-3, -4}}, old, new double[][] {{1, 1}}, zeros());
        assertThat(empty.term()).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(empty.grad()).containsExactly(new double[] {0, 0}, within(0.0));
        Out same = run(0.2, old, old, new double[][] {{1, 1}}, new double[][] {{1, 1}});
        assertThat(same.term()).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(same.grad()).containsExactly(new double[] {0, 0}, within(0.0));
        // through a loss: the aggregated value is 0, never NaN
        for (String id : PolicyLosses.ids()) {
            PolicyLoss loss = PolicyLosses.create(id, StrategyOptions.of("regulariser", "llds"));
            try (NDManager m = Engines.newManager()) {
                LossInput in =
                        new LossInput(
                                m.create(new double[][] {{-3, -4}}),
                                m.create(old),
                                m.create(new double[][] {{1, 1}}),
                                m.create(zeros()));
                assertThat(loss.compute(in).loss().getDouble()).as(id).isZero();
            }
        }
    }

    private static double[][] zeros() {
        return new double[][] {{0, 0}};
    }

    @Test
    void theLossAddsTheTokenMeanOfTheTerm() {
        // reinforce at A = 1 plus llds with c = 0.4: the difference is the token mean of
        // 0.4*max(0, old - logp) = 0.4*[0.5, 0] over two tokens = 0.1 (drop sum 0.5 - 0.2 > 0)
        double[][] old = {{-1, -1}};
        double[][] logp = {{-1.5, -0.8}};
        double[][] adv = {{1, 1}};
        double[][] valid = {{1, 1}};
        PolicyLoss plain = PolicyLosses.create("reinforce");
        PolicyLoss with =
                PolicyLosses.create(
                        "reinforce",
                        StrategyOptions.of("regulariser", "llds", "regulariser-coef", "0.4"));
        try (NDManager m = Engines.newManager()) {
            LossInput in =
                    new LossInput(m.create(logp), m.create(old), m.create(adv), m.create(valid));
            double diff =
                    with.compute(in).loss().getDouble() - plain.compute(in).loss().getDouble();
            assertThat(diff).isCloseTo(0.1, within(1e-12));
        }
        assertThat(with.needs()).isEmpty();
    }

    @Test
    void theDefaultCoefficientIsTheAuthorsLambda() {
        assertThat(Regularisers.registry().factory(Llds.ID).options().get(0).defaultValue())
                .isEqualTo("0.2");
    }
}
