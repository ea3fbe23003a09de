package dev.rivulet.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds the strategies of one family by id through {@link ServiceLoader}.
 *
 * <p>An unknown id, an unknown option key, a bad option value or two factories with the same id
 * fail loudly with a message that names the strategy and lists what is known or allowed.
 *
 * @param <F> the family's factory interface
 * @param <T> the family's strategy type
 */
public final class Registry<F extends StrategyFactory<T>, T> {

    private final String family;
    private final Map<String, F> byId;

    private Registry(String family, Map<String, F> byId) {
        this.family = family;
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Loads every factory of the given family listed in {@code META-INF/services}. */
    public static <F extends StrategyFactory<T>, T> Registry<F, T> load(
            String family, Class<F> factoryType) {
        Map<String, F> byId = new TreeMap<>();
        for (F factory : ServiceLoader.load(factoryType, factoryType.getClassLoader())) {
            F previous = byId.put(factory.id(), factory);
            if (previous != null) {
                throw new IllegalStateException(
                        family
                                + " id '"
                                + factory.id()
                                + "' is registered twice: "
                                + previous.getClass().getName()
                                + " and "
                                + factory.getClass().getName());
            }
        }
        return new Registry<>(family, byId);
    }

    /** The family's name, for example "advantage estimator". */
    public String family() {
        return family;
    }

    /** Every known id, sorted. */
    public List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }

    /** Every factory, sorted by id. */
    public List<F> factories() {
        return new ArrayList<>(byId.values());
    }

    /** The factory for {@code id}; fails with the list of known ids when there is none. */
    public F factory(String id) {
        F factory = byId.get(id);
        if (factory == null) {
            throw new IllegalArgumentException(
                    "unknown " + family + " '" + id + "'; known ids: " + String.join(", ", ids()));
        }
        return factory;
    }

    /**
     * Creates the strategy {@code id}: unknown keys, values of the wrong type and values out of
     * range are rejected with a message naming the strategy, the key and what is allowed; so is any
     * other bad input the factory finds.
     */
    public T create(String id, StrategyOptions options) {
        F factory = factory(id);
        String owner = family + " '" + id + "'";
        OptionSpec.checkAll(owner, factory.options(), options);
        try {
            return factory.create(options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
        }
    }

    /** Creates the strategy {@code id} with its default options. */
    public T create(String id) {
        return create(id, StrategyOptions.empty());
    }
}
