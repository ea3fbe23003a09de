package dev.rivulet.core.registry;

import java.util.Set;

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

    /** The option keys this strategy understands; any other key is rejected. */
    default Set<String> optionKeys() {
        return Set.of();
    }

    /**
     * Builds a new strategy instance; options have already been checked against {@link
     * #optionKeys()}.
     */
    T create(StrategyOptions options);
}
