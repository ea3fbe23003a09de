package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import org.junit.jupiter.api.Test;

/** The token aggregations and regularisers: registered by id, computed as their pages say. */
class TokenAggregationsTest {

    @Test
    void tokenMeanAveragesTheValidTokensOnly() {
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(2, 3);
            NDArray x = m.create(new double[] {1, 2, 3, 10, 20, 30}, s);
            NDArray valid = m.create(new double[] {1, 1, 0, 1, 0, 0}, s);
            TokenAggregation mean = TokenAggregations.create("token-mean");
            // (1 + 2 + 10) / 3 valid tokens; the 3, 20 and 30 are padding
            assertThat(mean.aggregate(x, valid).getDouble()).isCloseTo(13.0 / 3, within(1e-12));
            NDArray none = m.zeros(s, x.getDataType());
            assertThat(mean.aggregate(x, none).getDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void sequenceMeanWeighsEveryResponseTheSame() {
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(2, 3);
            NDArray x = m.create(new double[] {1, 2, 3, 10, 20, 30}, s);
            NDArray valid = m.create(new double[] {1, 1, 0, 1, 0, 0}, s);
            // row means (1+2)/2 = 1.5 and 10/1 = 10, then their mean
            assertThat(
                            TokenAggregations.create("seq-mean-token-mean")
                                    .aggregate(x, valid)
                                    .getDouble())
                    .isCloseTo((1.5 + 10) / 2, within(1e-12));
        }
    }

    @Test
    void constantDivisorDividesTheSumByResponsesTimesL() {
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(2, 3);
            NDArray x = m.create(new double[] {1, 2, 3, 10, 20, 30}, s);
            NDArray valid = m.create(new double[] {1, 1, 0, 1, 0, 0}, s);
            // (1 + 2 + 10) / (2 rows x longest response 2)
            assertThat(TokenAggregations.create("constant-divisor").aggregate(x, valid).getDouble())
                    .isCloseTo(13.0 / 4, within(1e-12));
            TokenAggregation fixed =
                    TokenAggregations.registry()
                            .create("constant-divisor", StrategyOptions.of("divisor", "16"));
            assertThat(fixed.aggregate(x, valid).getDouble()).isCloseTo(13.0 / 32, within(1e-12));
            NDArray none = m.zeros(s, x.getDataType());
            assertThat(fixed.aggregate(x, none).getDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void everyAggregationAddsUpOverRowChunks() {
        // 5 rows of 4 positions with ragged valid masks; chunks {0,1}, {2}, {3,4}
        double[] xs = {0.5, -1, 2, 4, 3, 1, -2, 0, 7, 1, 1, 1, -3, 2, 0, 5, 1, 1, 1, 1};
        float[] vs = {1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        int[][] chunks = {{0, 2}, {2, 3}, {3, 5}};
        for (String id : TokenAggregations.ids()) {
            TokenAggregation agg = TokenAggregations.create(id);
            try (NDManager m = Engines.newManager()) {
                double whole =
                        agg.aggregate(
                                        m.create(xs, new Shape(5, 4)),
                                        m.create(toDouble(vs), new Shape(5, 4)))
                                .getDouble();
                TokenAggregation.Extent batch = extent(vs, 5);
                double sum = 0;
                for (int[] c : chunks) {
                    int rows = c[1] - c[0];
                    double[] cx = java.util.Arrays.copyOfRange(xs, c[0] * 4, c[1] * 4);
                    float[] cv = java.util.Arrays.copyOfRange(vs, c[0] * 4, c[1] * 4);
                    double part =
                            agg.aggregate(
                                            m.create(cx, new Shape(rows, 4)),
                                            m.create(toDouble(cv), new Shape(rows, 4)))
                                    .getDouble();
                    sum += agg.chunkWeight(extent(cv, rows), batch) * part;
                }
                assertThat(sum).as(id).isCloseTo(whole, within(1e-12));
            }
        }
    }

    /** The extent of a (rows, tokens) 0/1 mask given row by row. */
    private static TokenAggregation.Extent extent(float[] valid, int rows) {
        int width = valid.length / rows;
        double total = 0;
        double longest = 0;
        for (int r = 0; r < rows; r++) {
            double n = 0;
            for (int t = 0; t < width; t++) {
                n += valid[r * width + t];
            }
            total += n;
            longest = Math.max(longest, n);
        }
        return new TokenAggregation.Extent(rows, total, longest);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void regularisersComputeTheirTerms() {
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(1, 2);
            NDArray logp = m.create(new double[] {-1.0, -2.0}, s);
            NDArray old = m.create(new double[] {-1.5, -2.0}, s);
            LossInput in = new LossInput(logp, old, m.zeros(s, logp.getDataType()), m.ones(s));
            // 0.2 * (0.5)^2 = 0.05 and 0.2 * 0^2 = 0
            assertThat(Regularisers.create("squared-log-ratio", 0.2).term(in).toDoubleArray())
                    .containsExactly(new double[] {0.05, 0.0}, within(1e-12));
            // -0.3 * logp
            assertThat(Regularisers.create("negative-logp", 0.3).term(in).toDoubleArray())
                    .containsExactly(new double[] {0.3, 0.6}, within(1e-12));
        }
    }

    @Test
    void everyLossTakesTheAggregationOptionAndChecksIt() {
        for (String id : PolicyLosses.ids()) {
            assertThat(
                            PolicyLosses.create(id, StrategyOptions.of("aggregation", "token-mean"))
                                    .options()
                                    .aggregation())
                    .as(id)
                    .isEqualTo("token-mean");
        }
        assertThatThrownBy(
                        () ->
                                PolicyLosses.create(
                                        "ppo-clip", StrategyOptions.of("aggregation", "nope")))
                .hasMessageContaining("aggregation")
                .hasMessageContaining("token-mean");
        assertThat(TokenAggregations.ids())
                .contains("token-mean", "seq-mean-token-mean", "constant-divisor");
        assertThat(Regularisers.registry().ids()).contains("negative-logp", "squared-log-ratio");
    }
}
