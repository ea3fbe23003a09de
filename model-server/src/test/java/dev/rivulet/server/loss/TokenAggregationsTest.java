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
        assertThat(TokenAggregations.ids()).contains("token-mean");
        assertThat(Regularisers.registry().ids()).contains("negative-logp", "squared-log-ratio");
    }
}
