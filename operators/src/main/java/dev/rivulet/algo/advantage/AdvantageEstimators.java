package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.Registry;

/** The registry of advantage estimators, loaded once. */
public final class AdvantageEstimators {

    private static final Registry<AdvantageEstimatorFactory, AdvantageEstimator> REGISTRY =
            Registry.load("advantage estimator", AdvantageEstimatorFactory.class);

    private AdvantageEstimators() {}

    public static Registry<AdvantageEstimatorFactory, AdvantageEstimator> registry() {
        return REGISTRY;
    }
}
