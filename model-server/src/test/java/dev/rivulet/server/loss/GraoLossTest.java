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
 * The {@code grao} loss: −(1/G) Σ_i [Â_i·J(o_i) + β·Â_y·J(y) + λ·Â_i·(J(o_i) − J(y))] per group, J
 * the mean token log-prob of a response, y the group's best-advantage response.
 */
class GraoLossTest {

    private static final double EPS = 1e-12;

    /** Values of the loss, its three terms and d loss / d logp. */
    private record Out(
            double loss,
            double exploration,
            double imitation,
            double alignment,
            double clipFraction,
            double[] grad) {}

    /**
     * Runs {@code loss} on rows of {@code cols} tokens; {@code adv} one scalar per row, {@code
     * groups} null for no row context.
     */
    private static Out run(
            PolicyLoss loss, double[] logp, double[] valid, double[] adv, int[] groups, int cols) {
        int rows = adv.length;
        double[] a = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(a, r * cols, (r + 1) * cols, adv[r]);
        }
        return runTokens(loss, logp, valid, a, groups, cols);
    }

    /** Like {@link #run} with one advantage per token. */
    private static Out runTokens(
            PolicyLoss loss, double[] logp, double[] valid, double[] a, int[] groups, int cols) {
        int rows = logp.length / cols;
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(rows, cols);
            NDArray lp = m.create(logp, s);
            lp.setRequiresGradient(true);
            LossContext ctx =
                    groups == null
                            ? LossContext.NONE
                            : new LossContext(
                                    groups, new int[rows][0], new int[rows], 0, null, null);
            LossInput in = new LossInput(lp, lp, m.create(a, s), m.create(valid, s), null, ctx);
            Out out;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                LossResult r = loss.compute(in);
                GraoLoss.Terms t = ((GraoLoss) loss).terms(in);
                double value = r.loss().getDouble();
                double e = t.exploration().getDouble();
                double i = t.imitation().getDouble();
                double al = t.alignment().getDouble();
                gc.backward(r.loss());
                out = new Out(value, e, i, al, r.clipFraction(), null);
            }
            return new Out(
                    out.loss(),
                    out.exploration(),
                    out.imitation(),
                    out.alignment(),
                    out.clipFraction(),
                    lp.getGradient().toDoubleArray());
        }
    }

    private static PolicyLoss grao() {
        return PolicyLosses.create("grao");
    }

    @Test
    void oneGroupOfThreeByHand() {
        // β = 0.5, λ = 0.6 (defaults), seq-mean-token-mean; one group, G = 3:
        // row 0: logp (-1, -2), J0 = -1.5, Â0 = 1    (the best: the demonstration y)
        // row 1: logp (-0.5, pad), J1 = -0.5, Â1 = 0.5
        // row 2: logp (-3, -1), J2 = -2, Â2 = -1;   Σ Â = 0.5 (not zero-mean on purpose)
        // exploration: -(1/3)(1·-1.5 + 0.5·-0.5 + -1·-2) = -(1/3)(0.25) = -0.083333...
        // imitation:   -β·Â_y·J(y) = -0.5·1·(-1.5) = 0.75
        // alignment:   -(λ/3)·[1·(-1.5+1.5) + 0.5·(-0.5+1.5) + -1·(-2+1.5)] = -0.2·(0+0.5+0.5) =
        // -0.2
        // loss = -0.083333 + 0.75 - 0.2 = 0.466667
        double[] logp = {-1.0, -2.0, -0.5, -9.0, -3.0, -1.0};
        double[] valid = {1, 1, 1, 0, 1, 1};
        Out o = run(grao(), logp, valid, new double[] {1.0, 0.5, -1.0}, new int[] {0, 0, 0}, 2);
        assertThat(o.exploration()).isCloseTo(-0.25 / 3, within(EPS));
        assertThat(o.imitation()).isCloseTo(0.75, within(EPS));
        assertThat(o.alignment()).isCloseTo(-0.2, within(EPS));
        assertThat(o.loss()).isCloseTo(-0.25 / 3 + 0.75 - 0.2, within(EPS));
        assertThat(o.clipFraction()).isZero();
        // d loss / d logp_t = -c_r / (|o_r|·B): c_0 = (1+λ)·1 + G·β·1 - λ·ΣÂ = 1.6 + 1.5 - 0.3 =
        // 2.8,
        // c_1 = 1.6·0.5 = 0.8, c_2 = 1.6·(-1) = -1.6; padding 0
        assertThat(o.grad())
                .containsExactly(
                        new double[] {-2.8 / 6, -2.8 / 6, -0.8 / 3, 0.0, 1.6 / 6, 1.6 / 6},
                        within(EPS));
    }

    @Test
    void theGradientRaisesTheBestResponseAndLowersTheWorst() {
        // a descent step -grad raises logp where grad < 0
        double[] logp = {-1.0, -1.2, -0.7, -0.9, -2.0, -1.5};
        double[] valid = {1, 1, 1, 1, 1, 1};
        Out o = run(grao(), logp, valid, new double[] {1.2, 0.0, -1.2}, new int[] {0, 0, 0}, 2);
        assertThat(o.grad()[0]).isNegative();
        assertThat(o.grad()[1]).isNegative();
        assertThat(o.grad()[4]).isPositive();
        assertThat(o.grad()[5]).isPositive();
        // Â = 0 and not the demonstration: no gradient
        assertThat(o.grad()[2]).isCloseTo(0.0, within(0.0));
        assertThat(o.grad()[3]).isCloseTo(0.0, within(0.0));
    }

    @Test
    void zeroMeanAdvantagesLeaveAlignmentAsLambdaTimesExploration() {
        // Â = (1, 0, -1): Σ Â = 0, so the -λ·Â_i·J(y) parts cancel over the group and the
        // alignment term is λ·exploration: exploration = -(1/3)(1·-1 + 0 + -1·-2) = -1/3,
        // alignment = 0.6·(-1/3) = -0.2; imitation = -0.5·1·(-1) = 0.5 (row 0 is y, J = -1)
        double[] logp = {-1.0, -1.0, -4.0, -4.0, -2.0, -2.0};
        double[] valid = {1, 1, 1, 1, 1, 1};
        Out o = run(grao(), logp, valid, new double[] {1, 0, -1}, new int[] {0, 0, 0}, 2);
        assertThat(o.exploration()).isCloseTo(-1.0 / 3, within(EPS));
        assertThat(o.alignment()).isCloseTo(-0.2, within(EPS));
        assertThat(o.imitation()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void twoGroupsAreAveragedOverResponses() {
        // group 0 as in oneGroupOfThreeByHand but a single token each; group 1: one row, Â = 2,
        // J = -1; seq-mean over B = 4 rows, so group 0 weighs 3/4 and group 1 1/4.
        // group 0 (J = -1, -0.5, -2; Â = 1, 0.5, -1):
        //   exploration -(1/3)(-1 - 0.25 + 2) = -0.25; imitation -0.5·1·(-1) = 0.5;
        //   alignment -(0.6/3)[0 + 0.5·0.5 + -1·-1] = -0.25
        // group 1 (G = 1): exploration 2, imitation 0.5·2·1 = 1, alignment 0
        // loss = 3/4·(-0.25 + 0.5 - 0.25) + 1/4·(2 + 1) = 0.75
        double[] logp = {-1.0, -0.5, -2.0, -1.0};
        double[] valid = {1, 1, 1, 1};
        Out o = run(grao(), logp, valid, new double[] {1, 0.5, -1, 2}, new int[] {0, 0, 0, 1}, 1);
        assertThat(o.exploration()).isCloseTo(0.75 * -0.25 + 0.25 * 2, within(EPS));
        assertThat(o.imitation()).isCloseTo(0.75 * 0.5 + 0.25 * 1, within(EPS));
        assertThat(o.alignment()).isCloseTo(0.75 * -0.25, within(EPS));
        assertThat(o.loss()).isCloseTo(0.75, within(EPS));
    }

    @Test
    void betaAndLambdaReachTheLossAndZeroTurnsTheirTermsOff() {
        double[] logp = {-1.0, -2.0, -0.5, -9.0, -3.0, -1.0};
        double[] valid = {1, 1, 1, 0, 1, 1};
        double[] adv = {1.0, 0.5, -1.0};
        int[] one = {0, 0, 0};
        Out off =
                run(
                        PolicyLosses.create("grao", StrategyOptions.of("beta", "0", "lambda", "0")),
                        logp,
                        valid,
                        adv,
                        one,
                        2);
        // plain sequence-mean REINFORCE: the exploration term alone
        assertThat(off.imitation()).isZero();
        assertThat(off.alignment()).isZero();
        assertThat(off.loss()).isCloseTo(-0.25 / 3, within(EPS));
        Out doubled =
                run(
                        PolicyLosses.create(
                                "grao", StrategyOptions.of("beta", "1", "lambda", "1.2")),
                        logp,
                        valid,
                        adv,
                        one,
                        2);
        assertThat(doubled.imitation()).isCloseTo(1.5, within(EPS));
        assertThat(doubled.alignment()).isCloseTo(-0.4, within(EPS));
    }

    @Test
    void aGroupOfOneIsReinforceScaledByOnePlusBeta() {
        // G = 1: y = o, so alignment = λ·Â·(J - J) = 0 and the loss is -(1 + β)·Â·J
        // Â = 2, J = (-1 - 3)/2 = -2: exploration 4, imitation 0.5·2·2 = 2, alignment 0
        Out o =
                run(
                        grao(),
                        new double[] {-1.0, -3.0},
                        new double[] {1, 1},
                        new double[] {2},
                        new int[] {0},
                        2);
        assertThat(o.exploration()).isCloseTo(4.0, within(EPS));
        assertThat(o.imitation()).isCloseTo(2.0, within(EPS));
        assertThat(o.alignment()).isCloseTo(0.0, within(EPS));
        assertThat(o.loss()).isCloseTo(6.0, within(EPS));
        // without a row context every row is a group of one: the same value
        Out none =
                run(
                        grao(),
                        new double[] {-1.0, -3.0},
                        new double[] {1, 1},
                        new double[] {2},
                        null,
                        2);
        assertThat(none.loss()).isCloseTo(6.0, within(EPS));
    }

    @Test
    void allEqualAdvantagesGiveNoGradientWhenZeroAndNoAlignmentOtherwise() {
        double[] logp = {-1.0, -2.0, -0.5, -0.7, -3.0, -1.0};
        double[] valid = {1, 1, 1, 1, 1, 1};
        int[] one = {0, 0, 0};
        Out zero = run(grao(), logp, valid, new double[] {0, 0, 0}, one, 2);
        assertThat(zero.loss()).isCloseTo(0.0, within(0.0));
        for (double g : zero.grad()) {
            assertThat(g).isCloseTo(0.0, within(0.0));
        }
        // all Â = 1 (an estimator without a baseline): the three rows tie for y, each 1/3 of it,
        // so J(y) = mean J = (-1.5 - 0.6 - 2)/3 and λ·Σ_i Â_i·(J_i - J(y)) = 0;
        // imitation = -β·1·J(y) = 0.5·4.1/3
        Out ones = run(grao(), logp, valid, new double[] {1, 1, 1}, one, 2);
        assertThat(ones.alignment()).isCloseTo(0.0, within(EPS));
        assertThat(ones.imitation()).isCloseTo(0.5 * 4.1 / 3, within(EPS));
        assertThat(ones.exploration()).isCloseTo(4.1 / 3, within(EPS));
    }

    @Test
    void emptyMaskGivesZeroWithoutNaNAndAnEmptyRowIsNeverTheDemonstration() {
        double[] logp = {-1.0, -2.0, -0.5, -0.7};
        Out none =
                run(
                        grao(),
                        logp,
                        new double[] {0, 0, 0, 0},
                        new double[] {1, -1},
                        new int[] {0, 0},
                        2);
        assertThat(none.loss()).isCloseTo(0.0, within(0.0));
        for (double g : none.grad()) {
            assertThat(g).isCloseTo(0.0, within(0.0));
        }
        // row 0 has the larger Â but no valid token, so row 1 (Â = -1, J = (-0.5 - 0.7)/2 = -0.6)
        // is y; G = B = 2 and row 0's token mean is 0 / max(1, 0) = 0:
        // exploration = (1/2)(0 + -(-1)(-0.6)) = -0.3
        // imitation: row 1 weighs G·β·Â_y = 2·0.5·(-1) = -1: (1/2)(-(-1)(-0.6)) = -0.3
        // alignment: an empty row counts as Â = 0 in Σ Â, so row 1 weighs λ·(-1) - λ·(-1) = 0
        Out empty =
                run(
                        grao(),
                        logp,
                        new double[] {0, 0, 1, 1},
                        new double[] {1, -1},
                        new int[] {0, 0},
                        2);
        assertThat(empty.exploration()).isCloseTo(-0.3, within(EPS));
        assertThat(empty.imitation()).isCloseTo(-0.3, within(EPS));
        assertThat(empty.alignment()).isCloseTo(0.0, within(EPS));
        assertThat(Double.isNaN(empty.loss())).isFalse();
        assertThat(empty.grad()[0]).isCloseTo(0.0, within(0.0));
        assertThat(empty.grad()[1]).isCloseTo(0.0, within(0.0));
    }

    @Test
    void perTokenAdvantagesWeighTheirTokensAndTheRowMeanPicksTheDemonstration() {
        // row 0: logp (-1, -1), A_t = (2, 0), Â = 1; row 1: logp (-2, -2), A_t = (0.5, 0.5),
        // Â = 0.5; row 0 is y (G = B = 2, J(y) = -1, Σ Â = 1.5)
        // exploration: row means of -A_t·logp_t: (2 + 0)/2 = 1 and (1 + 1)/2 = 1 -> 1
        // imitation: row 0 weighs G·β·Â_y = 2·0.5·1 = 1: (1/2)·(-1·-1) = 0.5
        // alignment, the paper's form: -(λ/G) Σ_i [Σ_t A_t·logp_t/|o_i| - Â_i·J(y)]
        //   row 0: (2·-1 + 0·-1)/2 - 1·(-1) = 0; row 1: (0.5·-2·2)/2 - 0.5·(-1) = -0.5
        //   -> -(0.6/2)(0 - 0.5) = 0.15
        double[] logp = {-1.0, -1.0, -2.0, -2.0};
        double[] valid = {1, 1, 1, 1};
        double[] a = {2.0, 0.0, 0.5, 0.5};
        Out o = runTokens(grao(), logp, valid, a, new int[] {0, 0}, 2);
        assertThat(o.exploration()).isCloseTo(1.0, within(EPS));
        assertThat(o.imitation()).isCloseTo(0.5, within(EPS));
        assertThat(o.alignment()).isCloseTo(0.15, within(EPS));
    }

    @Test
    void optionsAreCheckedAndTheDefaultsAreThePapers() {
        GraoLoss l = (GraoLoss) grao();
        assertThat(l.beta()).isEqualTo(0.5);
        assertThat(l.lambda()).isEqualTo(0.6);
        assertThat(l.options().aggregation()).isEqualTo("seq-mean-token-mean");
        assertThat(l.needs()).containsExactly(LossNeed.GROUPS);
        assertThat(
                        PolicyLosses.create("grao", StrategyOptions.of("aggregation", "token-mean"))
                                .aggregation()
                                .id())
                .isEqualTo("token-mean");
        assertThatThrownBy(() -> PolicyLosses.create("grao", StrategyOptions.of("beta", "-1")))
                .hasMessageContaining("beta");
        assertThatThrownBy(() -> PolicyLosses.create("grao", StrategyOptions.of("lambda", "-0.1")))
                .hasMessageContaining("lambda");
    }
}
