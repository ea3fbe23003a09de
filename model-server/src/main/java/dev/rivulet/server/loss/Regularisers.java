package dev.rivulet.server.loss;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.Registry;
import dev.rivulet.core.registry.StrategyOptions;

/** The registry of loss regularisers ({@link RegulariserFactory} in META-INF/services). */
public final class Regularisers {

    private static final Registry<RegulariserFactory, Regulariser> REGISTRY =
            Registry.load("regulariser", RegulariserFactory.class);

    private Regularisers() {}

    public static Registry<RegulariserFactory, Regulariser> registry() {
        return REGISTRY;
    }

    /** The regulariser {@code id} with coefficient {@code coef}. */
    public static Regulariser create(String id, double coef) {
        return REGISTRY.create(id, StrategyOptions.of(COEF.key(), Double.toString(coef)));
    }

    /** The option every regulariser takes: its coefficient c, 0.1 (ALGORITHMS.md). */
    static final OptionSpec COEF = OptionSpec.ofDouble("coef", 0.1, "Coefficient c.");
}
