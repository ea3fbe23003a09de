package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.Registry;

/** The registry of hint policies, loaded once. */
public final class HintPolicies {

    /** The policy that never hints, the default. */
    public static final String NONE = "none";

    private static final Registry<HintPolicyFactory, HintPolicy> REGISTRY =
            Registry.load("hint policy", HintPolicyFactory.class);

    private HintPolicies() {}

    public static Registry<HintPolicyFactory, HintPolicy> registry() {
        return REGISTRY;
    }
}
