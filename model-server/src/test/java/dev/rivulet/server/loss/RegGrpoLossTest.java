package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import org.junit.jupiter.api.Test;

/**
 * The {@code reg-grpo} loss: the squared error between each response's advantage and its
 * group-normalised sequence log-ratio, averaged over responses by default.
 */
class RegGrpoLossTest {

    /** Loss value and d loss / d logp, row-major. */
    private record Out(double loss, double[] grad) {}

    private static Out run(
            PolicyLoss loss,
            int[] groups,
            double[][] logp,
            double[][] old,
            double[] adv,
            double[][] valid) {
        int rows = logp.length;
        double[][] a = new double[rows][logp[0].length];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(a[r], adv[r]);
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
        try (NDManager m = Engines.newManager()) {
            NDArray lp = m.create(logp);
            lp.setRequiresGradient(true);
            double value;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                LossResult r =
                        loss.compute(
                                new LossInput(
                                        lp,
                                        m.create(old),
                                        m.create(a),
                                        m.create(valid),
                                        null,
                                        context));
                value = r.loss().getDouble();
                assertThat(r.clipFraction()).isZero();
                gc.backward(r.loss());
            }
            return new Out(value, lp.getGradient().toDoubleArray());
        }
    }

    private static final PolicyLoss REG = PolicyLosses.create("reg-grpo");
    private static final double[][] OLD = {{-1, -1}, {-1, -1}, {-1, -1}};
    private static final double[][] ONES = {{1, 1}, {1, 1}, {1, 1}};

    /** logp − old per token: rows' log-ratios ρ = 0.3, −0.1, −0.2. */
    private static final double[][] LOGP = {{-0.9, -0.8}, {-1.1, -1.0}, {-1.0, -1.2}};

    /** grpo's advantages of rewards (1, 0, 0): mean 1/3, unbiased std 1/√3. */
    private static final double[] ADV = {2 / Math.sqrt(3), -1 / Math.sqrt(3), -1 / Math.sqrt(3)};

    @Test
    void oneGroupOfThreeByHand() {
        // ρ = (0.3, -0.1, -0.2), mean 0, unbiased variance (0.09 + 0.01 + 0.04)/2 = 0.07:
        // predicted Â_θ = ρ/√(0.07 + ε²) ≈ (3, -1, -2)/√7 (ε² = 1e-8 moves it by 1e-7 relative)
        // errors 3/√7 - 2/√3 = -0.020807, -1/√7 + 1/√3 = 0.199386, -2/√7 + 1/√3 = -0.178579;
        // squares 0.000432935 + 0.039754696 + 0.031890317 = 0.072077948; each response weighs
        // the same (seq-mean-token-mean): loss = 0.072077948 / 3 = 0.024025983
        double s7 = Math.sqrt(7 * (1 + 1e-8 / 0.07));
        double s3 = Math.sqrt(3);
        double expected =
                (Math.pow(3 / s7 - 2 / s3, 2)
                                + Math.pow(-1 / s7 + 1 / s3, 2)
                                + Math.pow(-2 / s7 + 1 / s3, 2))
                        / 3;
        Out o = run(REG, new int[] {0, 0, 0}, LOGP, OLD, ADV, ONES);
        assertThat(o.loss())
                .isCloseTo(expected, within(1e-12))
                .isCloseTo(0.024025983, within(1e-7));
        // response 1 is predicted too good (-0.378 > -0.577) and responses 0 and 2 too bad:
        // the gradient lowers ρ_1 and raises ρ_0 and ρ_2, equally on each of a row's tokens
        double[] g = o.grad();
        assertThat(g[0]).isNegative().isCloseTo(g[1], within(1e-12));
        assertThat(g[2]).isPositive().isCloseTo(g[3], within(1e-12));
        assertThat(g[4]).isNegative().isCloseTo(g[5], within(1e-12));
        // and it is the derivative of the formula (central differences)
        for (int i = 0; i < 6; i++) {
            double[][] up = copy(LOGP);
            double[][] down = copy(LOGP);
            up[i / 2][i % 2] += 1e-6;
            down[i / 2][i % 2] -= 1e-6;
            double fd =
                    (run(REG, new int[] {0, 0, 0}, up, OLD, ADV, ONES).loss()
                                    - run(REG, new int[] {0, 0, 0}, down, OLD, ADV, ONES).loss())
                            / 2e-6;
            assertThat(g[i]).as("d/dlogp[%d]", i).isCloseTo(fd, within(1e-6));
        }
        // a small step against the gradient lowers the loss
        double[][] step = copy(LOGP);
        for (int i = 0; i < 6; i++) {
            step[i / 2][i % 2] -= 0.01 * g[i];
        }
        assertThat(run(REG, new int[] {0, 0, 0}, step, OLD, ADV, ONES).loss()).isLessThan(o.loss());
    }

    @Test
    void groupsAreNormalisedApartAndTokenMeanIsAnOption() {
        // two groups: rows 0-2 as above and a copy of them in rows 3-5; each group gives the same
        // errors, so the mean over six responses equals the mean over three
        double[][] logp = new double[6][];
        double[][] old = new double[6][];
        double[][] valid = new double[6][];
        double[] adv = new double[6];
        for (int r = 0; r < 6; r++) {
            logp[r] = LOGP[r % 3].clone();
            old[r] = OLD[r % 3].clone();
            valid[r] = ONES[r % 3].clone();
            adv[r] = ADV[r % 3];
        }
        // shifting a whole group's log-ratios changes neither its mean-centred ρ nor the loss
        for (int r = 3; r < 6; r++) {
            logp[r][0] += 0.7;
        }
        double one = run(REG, new int[] {0, 0, 0}, LOGP, OLD, ADV, ONES).loss();
        Out two = run(REG, new int[] {0, 0, 0, 1, 1, 1}, logp, old, adv, valid);
        assertThat(two.loss()).isCloseTo(one, within(1e-9));
        // as one group of six the shifted rows would no longer match: a different loss
        assertThat(run(REG, new int[] {0, 0, 0, 0, 0, 0}, logp, old, adv, valid).loss())
                .isNotCloseTo(one, within(1e-3));
        // token-mean: every valid token weighs the same; with two tokens per row it is the same
        PolicyLoss tokenMean =
                PolicyLosses.create("reg-grpo", StrategyOptions.of("aggregation", "token-mean"));
        assertThat(REG.options().aggregation()).isEqualTo("seq-mean-token-mean");
        assertThat(tokenMean.options().aggregation()).isEqualTo("token-mean");
        assertThat(run(tokenMean, new int[] {0, 0, 0}, LOGP, OLD, ADV, ONES).loss())
                .isCloseTo(one, within(1e-12));
    }

    @Test
    void aGroupOfOnePredictsZero() {
        // ρ - mean = 0 and its spread is 0: Â_θ = 0, loss = (A - 0)² = 0.49, no gradient
        Out o =
                run(
                        REG,
                        new int[] {0},
                        new double[][] {{-0.5, -2.0}},
                        new double[][] {{-1, -1}},
                        new double[] {0.7},
                        new double[][] {{1, 1}});
        assertThat(o.loss()).isCloseTo(0.49, within(1e-12));
        assertThat(o.grad()).containsExactly(new double[] {0, 0}, within(0.0));
        // without a row context every row is a group of one
        Out none =
                run(
                        REG,
                        null,
                        new double[][] {{-0.5}, {-3.0}},
                        new double[][] {{-1}, {-1}},
                        new double[] {0.0, 0.0},
                        new double[][] {{1}, {1}});
        assertThat(none.loss()).isZero();
        assertThat(none.grad()).containsExactly(new double[] {0, 0}, within(0.0));
    }

    @Test
    void allEqualAdvantagesLeaveTheSpreadOfZScores() {
        // A = 0 for all: loss = mean z² = (1/3)·Σ dev²/(var + ε²) = (1/3)·2·var/(var + ε²)
        // = (2/3)·0.07/(0.07 + 1e-8) ≈ 2/3: nearly flat in ρ (gradient of order ε²/var²·ρ ≈ 1e-6)
        Out o = run(REG, new int[] {0, 0, 0}, LOGP, OLD, new double[3], ONES);
        assertThat(o.loss()).isCloseTo(2.0 / 3 * 0.07 / (0.07 + 1e-8), within(1e-12));
        for (double g : o.grad()) {
            assertThat(g).isNotNaN().isCloseTo(0.0, within(1e-5));
        }
    }

    @Test
    void onPolicyRowsHaveAFiniteGradientTowardsTheAdvantage() {
        // logp = old: every ρ = 0, Â_θ = 0/ε = 0, loss = mean A² = (4/3 + 1/3 + 1/3)/3 = 2/3;
        // the gradient is finite (sqrt(var + ε²) has none of std's 0/0) and of order A/ε: it raises
        // the positive response and lowers the others (the learner's gradient clip bounds the step)
        Out o = run(REG, new int[] {0, 0, 0}, OLD, OLD, ADV, ONES);
        assertThat(o.loss()).isCloseTo(2.0 / 3, within(1e-12));
        double[] g = o.grad();
        for (double x : g) {
            assertThat(x).isFinite();
        }
        assertThat(g[0]).isNegative();
        assertThat(g[2]).isPositive();
        assertThat(g[4]).isPositive();
    }

    @Test
    void anEmptyMaskGivesZeroWithoutNaN() {
        double[][] none = {{0, 0}, {0, 0}, {0, 0}};
        Out o = run(REG, new int[] {0, 0, 0}, LOGP, OLD, ADV, none);
        assertThat(o.loss()).isZero();
        for (double g : o.grad()) {
            assertThat(g).isNotNaN().isCloseTo(0.0, within(0.0));
        }
    }

    @Test
    void itAsksForWholeGroupsAndChecksTheContext() {
        assertThat(REG.needs()).containsExactly(LossNeed.GROUPS);
        assertThat(
                        PolicyLosses.create(
                                        "reg-grpo",
                                        StrategyOptions.of("regulariser", "entropy-bonus"))
                                .needs())
                .containsExactlyInAnyOrder(LossNeed.GROUPS, LossNeed.ENTROPY);
        assertThatThrownBy(() -> run(REG, new int[] {0, 0}, LOGP, OLD, ADV, ONES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the context has 2, the tensors 3 rows");
        assertThatThrownBy(() -> PolicyLosses.create("reg-grpo", StrategyOptions.of("eps", "0")))
                .hasMessageContaining("eps");
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = x[r].clone();
        }
        return out;
    }
}
