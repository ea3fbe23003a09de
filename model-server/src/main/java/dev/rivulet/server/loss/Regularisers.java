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

    /**
     * The regulariser {@code id} with coefficient {@code coef} and its other options from {@code
     * spec}: {@code key:value} pairs separated by {@code ,} (the loss option {@code
     * regulariser-options}); an empty spec gives {@link #create(String, double)}.
     *
     * @throws IllegalArgumentException for a malformed pair, a repeated key, a {@code coef} in the
     *     spec (it comes from regulariser-coef) or an option the regulariser does not take
     */
    public static Regulariser create(String id, double coef, String spec) {
        StrategyOptions options = StrategyOptions.of(COEF.key(), Double.toString(coef));
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            String key = colon < 0 ? "" : p.substring(0, colon).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(
                        "regulariser-options: '"
                                + p
                                + "' is not key:value (pairs separated by ',')");
            }
            if (options.get(key).isPresent()) {
                throw new IllegalArgumentException(
                        "regulariser-options: key '"
                                + key
                                + "' is given twice"
                                + (key.equals(COEF.key())
                                        ? " (coef comes from regulariser-coef)"
                                        : ""));
            }
            options = options.with(key, p.substring(colon + 1).trim());
        }
        return REGISTRY.create(id, options);
    }

    /** The option every regulariser takes: its coefficient c, 0.1 (ALGORITHMS.md). */
    static final OptionSpec COEF = OptionSpec.ofDouble("coef", 0.1, "Coefficient c.");
}
