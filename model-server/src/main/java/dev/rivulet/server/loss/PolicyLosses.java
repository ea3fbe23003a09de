package dev.rivulet.server.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Registry of policy losses by id; an unknown id fails with the list of known ids.
 *
 * <p>Ids: {@code ppo-clip}, {@code rec}, {@code opmd}, {@code asymre}, {@code reinforce}. A {@code
 * rec} id may carry its mask and weight as {@code rec/<mask>/<weight>}, e.g. {@code
 * rec/one-side/is}.
 */
public final class PolicyLosses {

    private static final Map<String, Function<LossOptions, PolicyLoss>> FACTORIES =
            new LinkedHashMap<>();

    static {
        FACTORIES.put(PpoClipLoss.ID, PpoClipLoss::new);
        FACTORIES.put("rec", o -> new RecLoss("rec", o, Regulariser.NONE));
        FACTORIES.put(
                "reinforce",
                o ->
                        new RecLoss(
                                "reinforce",
                                o.withRec(RecMask.NONE, RecWeight.NONE),
                                Regulariser.NONE));
        FACTORIES.put("opmd", o -> new RecLoss("opmd", o, Regulariser.SQUARED_LOG_RATIO));
        FACTORIES.put("asymre", o -> new RecLoss("asymre", o, Regulariser.NEGATIVE_LOGP));
    }

    private PolicyLosses() {}

    /** Known ids in registration order. */
    public static Set<String> ids() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /** The loss with the given id and the default options. */
    public static PolicyLoss create(String id) {
        return create(id, LossOptions.defaults());
    }

    /**
     * The loss with the given id and options; {@code rec/<mask>/<weight>} overrides the options'
     * mask and weight.
     *
     * @throws IllegalArgumentException for an unknown id, naming the known ones
     */
    public static PolicyLoss create(String id, LossOptions options) {
        String base = id;
        LossOptions o = options;
        if (id.startsWith("rec/")) {
            String[] parts = id.split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        "rec loss id must be rec/<mask>/<weight>, got '" + id + "'");
            }
            base = "rec";
            o = options.withRec(RecMask.parse(parts[1]), RecWeight.parse(parts[2]));
        }
        Function<LossOptions, PolicyLoss> f = FACTORIES.get(base);
        if (f == null) {
            throw new IllegalArgumentException(
                    "unknown policy loss '"
                            + id
                            + "'; known: "
                            + String.join(", ", FACTORIES.keySet()));
        }
        return f.apply(o);
    }
}
