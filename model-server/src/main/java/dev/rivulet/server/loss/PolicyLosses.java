package dev.rivulet.server.loss;

import dev.rivulet.core.registry.Registry;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * The registry of policy losses ({@link PolicyLossFactory} implementations listed in {@code
 * META-INF/services}); an unknown id fails with the list of known ids.
 *
 * <p>A {@code rec} id may carry its mask and weight as {@code rec/<mask>/<weight>}, e.g. {@code
 * rec/one-side/is}: the same as {@code rec} with the options {@code mask=one-side} and {@code
 * weight=is}.
 */
public final class PolicyLosses {

    private static final Registry<PolicyLossFactory, PolicyLoss> REGISTRY =
            Registry.load("policy loss", PolicyLossFactory.class);

    private PolicyLosses() {}

    public static Registry<PolicyLossFactory, PolicyLoss> registry() {
        return REGISTRY;
    }

    /** Known ids, sorted. */
    public static List<String> ids() {
        return REGISTRY.ids();
    }

    /** The loss with the given id and the default options. */
    public static PolicyLoss create(String id) {
        return create(id, StrategyOptions.empty());
    }

    /**
     * The loss with the given id and options; {@code rec/<mask>/<weight>} sets the options {@code
     * mask} and {@code weight}, which must then not be given again.
     *
     * @throws IllegalArgumentException for an unknown id, naming the known ones, or a bad option,
     *     naming the loss, the key and what is allowed
     */
    public static PolicyLoss create(String id, StrategyOptions options) {
        if (!id.startsWith("rec/")) {
            return REGISTRY.create(id, options);
        }
        String[] parts = id.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "rec loss id must be rec/<mask>/<weight>, got '" + id + "'");
        }
        String[] keys = {LossOptions.MASK.key(), LossOptions.WEIGHT.key()};
        StrategyOptions o = options;
        for (int i = 0; i < keys.length; i++) {
            if (options.get(keys[i]).isPresent()) {
                throw new IllegalArgumentException(
                        "policy loss '" + id + "' already sets option '" + keys[i] + "'");
            }
            o = o.with(keys[i], parts[i + 1]);
        }
        return REGISTRY.create("rec", o);
    }
}
