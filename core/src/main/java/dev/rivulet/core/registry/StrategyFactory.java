package dev.rivulet.core.registry;

import java.util.List;

/**
 * Creates one strategy of a family (a selector, an allocator, an estimator...) from its options.
 *
 * <p>Each family has its own sub-interface (for example {@code AdvantageEstimatorFactory}), listed
 * in {@code META-INF/services} so that {@link Registry} finds every implementation by its {@link
 * #id()}.
 *
 * @param <T> the strategy type this factory creates
 */
public interface StrategyFactory<T> {

    /** The id users write in configuration, for example {@code "grpo"}; lower-case, unique. */
    String id();

    /** One sentence on what the strategy does, shown in listings and generated docs. */
    String description();

    /**
     * The typed options this strategy understands, with their defaults and ranges; any other key is
     * rejected and every given value is checked against its spec before {@link #create}.
     */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * Builds a new strategy instance; every given option has already been checked against {@link
     * #options()}, so only checks across options remain.
     */
    T create(StrategyOptions options);
}
