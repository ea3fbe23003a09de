package dev.rivulet.server.loss;

import dev.rivulet.core.registry.Registry;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/** The registry of token aggregations ({@link TokenAggregationFactory} in META-INF/services). */
public final class TokenAggregations {

    private static final Registry<TokenAggregationFactory, TokenAggregation> REGISTRY =
            Registry.load("token aggregation", TokenAggregationFactory.class);

    private TokenAggregations() {}

    public static Registry<TokenAggregationFactory, TokenAggregation> registry() {
        return REGISTRY;
    }

    /** Known ids, sorted. */
    public static List<String> ids() {
        return REGISTRY.ids();
    }

    /** The aggregation {@code id} with its default options. */
    public static TokenAggregation create(String id) {
        return REGISTRY.create(id, StrategyOptions.empty());
    }
}
