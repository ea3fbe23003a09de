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

/** DisCO's loss on a few rows worked by hand: both objectives, both scores, the hinge. */
class DiscoLossTest {

    /** Loss value, d loss / d logp (rows × tokens, flattened) and the hinge flag. */
    private record Out(double loss, double[] grad, double hingeActive) {}

    /** Rows × 2 tokens; {@code groups} null means no row context. */
    private static Out run(
            PolicyLoss loss,
            double[][] logp,
            double[][] old,
            double[] adv,
            double[][] valid,
            int[] groups) {
        int rows = logp.length;
        int width = logp[0].length;
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(rows, width);
            NDArray lp = m.create(flat(logp), s);
            lp.setRequiresGradient(true);
            double[] a = new double[rows * width];
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(a, r * width, (r + 1) * width, adv[r]);
            }
            LossContext context =
                    groups == null
                            ? LossContext.NONE
                            : new LossContext(
                                    groups,
                                    new int[groups.length][0],
                                    new int[groups.length],
                                    0,
                                    null,
                                    null);
            double value;
            double hinge;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                LossResult res =
                        loss.compute(
                                new LossInput(
                                        lp,
                                        m.create(flat(old), s),
                                        m.create(a, s),
                                        m.create(flat(valid), s),
                                        null,
                                        context));
                value = res.loss().getDouble();
                hinge = res.clipFraction();
                gc.backward(res.loss());
            }
            return new Out(value, lp.getGradient().toDoubleArray(), hinge);
        }
    }

    /** Exactly ±0 (−0.0 counts as zero), never NaN. */
    private static void assertZero(double[] grad) {
        for (double g : grad) {
            assertThat(g).isCloseTo(0.0, within(0.0));
        }
    }

    private static double[] flat(double[][] x) {
        double[] out = new double[x.length * x[0].length];
        for (int r = 0; r < x.length; r++) {
            System.arraycopy(x[r], 0, out, r * x[0].length, x[0].length);
        }
        return out;
    }

    private static PolicyLoss disco(String... kv) {
        return PolicyLosses.create("disco", StrategyOptions.of(kv));
    }

    // one group: a positive with scores s0 = (-1 - 3)/2 = -2, negatives s1 = (-0.5 - 1.5)/2 = -1
    // and s2 = -4 (its second token is padding); logp = oldLogp, so the KL is 0
    private static final double[][] LOGP = {{-1, -3}, {-0.5, -1.5}, {-4, -9}};
    private static final double[][] VALID = {{1, 1}, {1, 1}, {1, 0}};
    private static final double[] ADV = {1.0, -0.5, -0.5};
    private static final int[] ONE_GROUP = {0, 0, 0};

    @Test
    void discoBTakesTheMeanOfTheNegatives() {
        Out o = run(disco("objective", "disco-b"), LOGP, LOGP, ADV, VALID, ONE_GROUP);
        // J = s0 - (s1 + s2)/2 = -2 - (-2.5) = 0.5; KL = 0 < delta: no penalty; L = -0.5
        assertThat(o.loss()).isCloseTo(-0.5, within(1e-12));
        // dL/dlogp: positive -1/|o0| = -0.5 per token; negatives +(1/2)/|o| = 0.25, 0.5; padding 0
        assertThat(o.grad())
                .containsExactly(new double[] {-0.5, -0.5, 0.25, 0.25, 0.5, 0.0}, within(1e-12));
        assertThat(o.hingeActive()).isZero();
    }

    @Test
    void discoTakesATemperedLogMeanExpOfTheNegatives() {
        // default objective disco, log-l, tau = 10:
        // N = 10*ln((e^-0.1 + e^-0.4)/2) = 10*ln(0.787578732) = -2.387919361
        // J = -2 - N = 0.387919361, L = -0.387919361 (N lies between the mean -2.5 and max -1)
        Out o = run(disco(), LOGP, LOGP, ADV, VALID, ONE_GROUP);
        assertThat(o.loss()).isCloseTo(-0.3879193609141822, within(1e-12));
        // dN/ds_j = softmax(s/tau)_j: w1 = e^-0.1/(e^-0.1 + e^-0.4) = 0.574442517, w2 = 0.425557483
        // dL/dlogp: row 1 w1/2 per token, row 2 w2 on its one valid token
        double w1 = 0.5744425168116589;
        double w2 = 0.425557483188341;
        assertThat(o.grad())
                .containsExactly(new double[] {-0.5, -0.5, w1 / 2, w1 / 2, w2, 0.0}, within(1e-12));
        // a small tau makes it the hardest negative: N -> max = s1 = -1, J -> -1
        Out hard = run(disco("tau", "0.001"), LOGP, LOGP, ADV, VALID, ONE_GROUP);
        assertThat(hard.loss()).isCloseTo(1.0 + 0.001 * Math.log(0.5), within(1e-9));
    }

    @Test
    void theHingePenaltyActsOnlyAboveDelta() {
        // positive logp -1 (old -0.9), negative logp -2 (old -1.9): k1 per token old - logp = 0.1
        // KL = 0.1 > delta = 1e-4: penalty 1000*(0.1 - 0.0001)^2 = 9.98001
        // disco-b: J = -1 - (-2) = 1, L = -1 + 9.98001 = 8.98001
        double[][] lp = {{-1.0}, {-2.0}};
        double[][] old = {{-0.9}, {-1.9}};
        double[][] valid = {{1}, {1}};
        double[] adv = {1, -1};
        int[] g = {0, 0};
        Out o = run(disco("objective", "disco-b"), lp, old, adv, valid, g);
        assertThat(o.loss()).isCloseTo(8.98001, within(1e-9));
        // dpenalty/dlogp_i = 2*1000*0.0999*(-1/2) = -99.9; plus -1 (positive), +1 (negative)
        assertThat(o.grad()).containsExactly(new double[] {-100.9, -98.9}, within(1e-9));
        assertThat(o.hingeActive()).isEqualTo(1.0);
        // beta and delta reach the penalty: 10*(0.1 - 0.05)^2 = 0.025
        Out options =
                run(
                        disco("objective", "disco-b", "beta", "10", "delta", "0.05"),
                        lp,
                        old,
                        adv,
                        valid,
                        g);
        assertThat(options.loss()).isCloseTo(-1 + 0.025, within(1e-12));
        // below delta the hinge is inactive: no penalty, no gradient from it
        Out inactive = run(disco("objective", "disco-b", "delta", "0.2"), lp, old, adv, valid, g);
        assertThat(inactive.loss()).isCloseTo(-1.0, within(1e-12));
        assertThat(inactive.grad()).containsExactly(new double[] {-1.0, 1.0}, within(1e-12));
        assertThat(inactive.hingeActive()).isZero();
    }

    @Test
    void k3EstimatesTheKlWithTheRatio() {
        // logp - old = d = ln 2 on both tokens: k3 = (2 - 1) - ln 2 = 0.306853; k1 = -ln 2 < 0
        double d = Math.log(2);
        double[][] lp = {{-1.0 + d}, {-2.0 + d}};
        double[][] old = {{-1.0}, {-2.0}};
        double[][] valid = {{1}, {1}};
        double[] adv = {1, -1};
        int[] g = {0, 0};
        double k3 = 1 - d;
        // J = (-1 + d) - (-2 + d) = 1; penalty with beta 1, delta 0: k3^2
        Out o =
                run(
                        disco("objective", "disco-b", "kl", "k3", "beta", "1", "delta", "0"),
                        lp,
                        old,
                        adv,
                        valid,
                        g);
        assertThat(o.loss()).isCloseTo(-1 + k3 * k3, within(1e-12));
        Out k1 =
                run(
                        disco("objective", "disco-b", "beta", "1", "delta", "0"),
                        lp,
                        old,
                        adv,
                        valid,
                        g);
        assertThat(k1.loss()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void lRatioScoresTheMeanTokenRatio() {
        // ratios 2 and 1 for the positive (score 1.5), 1 for the negative (score 1)
        double d = Math.log(2);
        double[][] lp = {{-1.0 + d, -2.0}, {-3.0, -3.0}};
        double[][] old = {{-1.0, -2.0}, {-3.0, -3.0}};
        double[][] valid = {{1, 1}, {1, 1}};
        // beta 0: no penalty; disco-b: J = 1.5 - 1 = 0.5
        Out o =
                run(
                        disco("score", "l-ratio", "objective", "disco-b", "beta", "0"),
                        lp,
                        old,
                        new double[] {1, -1},
                        valid,
                        new int[] {0, 0});
        assertThat(o.loss()).isCloseTo(-0.5, within(1e-12));
        // ds/dlogp_t = ratio_t/|o|: positive -(2/2, 1/2), negative +(1/2, 1/2)
        assertThat(o.grad()).containsExactly(new double[] {-1.0, -0.5, 0.5, 0.5}, within(1e-12));
        // tau 0 means the score's value: 10 for log-l, 1 for l-ratio
        assertThat(((DiscoLoss) disco()).disco().tau()).isEqualTo(10.0);
        assertThat(((DiscoLoss) disco("score", "l-ratio")).disco().tau()).isEqualTo(1.0);
    }

    @Test
    void theObjectiveIsAMeanOverTheGroupsOfThePass() {
        // group 0 discriminates (J_0 = 0.5, as above, disco-b); group 1 has only positives: adds 0
        // but counts in G = 2, so J = 0.25; rows with advantage 0 are neither side
        double[][] lp = {{-1, -3}, {-0.5, -1.5}, {-4, -9}, {-7, -7}, {-8, -8}};
        double[][] valid = {{1, 1}, {1, 1}, {1, 0}, {1, 1}, {1, 1}};
        Out o =
                run(
                        disco("objective", "disco-b"),
                        lp,
                        lp,
                        new double[] {1.0, -0.5, -0.5, 1.0, 0.0},
                        valid,
                        new int[] {0, 0, 0, 1, 1});
        assertThat(o.loss()).isCloseTo(-0.25, within(1e-12));
        assertThat(o.grad())
                .containsExactly(
                        new double[] {-0.25, -0.25, 0.125, 0.125, 0.25, 0, 0, 0, 0, 0},
                        within(1e-12));
    }

    @Test
    void degenerateGroupsAndMasksGiveZeroWithoutNaN() {
        for (PolicyLoss loss : new PolicyLoss[] {disco(), disco("objective", "disco-b")}) {
            // all-equal group (every row positive), group of one, no context (rows are their own
            // groups): no discriminating group, J = 0, and logp = old: L = 0, gradient 0
            for (int[] g : new int[][] {{0, 0, 0}, {0, 1, 2}, null}) {
                Out o = run(loss, LOGP, LOGP, new double[] {1, 1, 1}, VALID, g);
                assertThat(o.loss()).isZero();
                assertZero(o.grad());
            }
            // empty mask: scores 0, KL 0, no side for any row: 0, no NaN
            double[][] none = {{0, 0}, {0, 0}, {0, 0}};
            Out empty = run(loss, LOGP, LOGP, ADV, none, ONE_GROUP);
            assertThat(empty.loss()).isZero();
            assertZero(empty.grad());
            assertThat(empty.hingeActive()).isZero();
        }
    }

    @Test
    void gradientRaisesPositivesAndLowersNegatives() {
        // descent moves logp against the gradient: positives' tokens have negative gradient,
        // negatives' positive, for both objectives and scores
        double[][] old = {{-1.2, -2.9}, {-0.4, -1.6}, {-4.1, -9}};
        for (PolicyLoss loss :
                new PolicyLoss[] {
                    disco(),
                    disco("objective", "disco-b"),
                    disco("score", "l-ratio"),
                    disco("score", "l-ratio", "objective", "disco-b")
                }) {
            Out o = run(loss, LOGP, old, ADV, VALID, ONE_GROUP);
            assertThat(o.grad()[0]).as(loss.toString()).isNegative();
            assertThat(o.grad()[1]).isNegative();
            assertThat(o.grad()[2]).isPositive();
            assertThat(o.grad()[3]).isPositive();
            assertThat(o.grad()[4]).isPositive();
            for (double g : o.grad()) {
                assertThat(g).isFinite();
            }
        }
    }

    @Test
    void asksForWholeGroupsAndChecksItsOptions() {
        assertThat(disco().needs()).contains(LossNeed.GROUPS);
        assertThat(disco("regulariser", "entropy-bonus").needs())
                .contains(LossNeed.GROUPS, LossNeed.ENTROPY);
        assertThatThrownBy(() -> disco("score", "ratio"))
                .hasMessageContaining("'score'")
                .hasMessageContaining("log-l");
        assertThatThrownBy(() -> disco("beta", "-1")).hasMessageContaining("'beta'");
        assertThatThrownBy(() -> run(disco(), LOGP, LOGP, ADV, VALID, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disco loss got 3 rows but a context for 2 rows");
    }
}
