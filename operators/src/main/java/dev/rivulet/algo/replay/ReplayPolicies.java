package dev.rivulet.algo.replay;

import dev.rivulet.core.registry.Registry;

/** The registry of replay policies, loaded once. */
public final class ReplayPolicies {

    private static final Registry<ReplayPolicyFactory, ReplayPolicy> REGISTRY =
            Registry.load("replay policy", ReplayPolicyFactory.class);

    private ReplayPolicies() {}

    public static Registry<ReplayPolicyFactory, ReplayPolicy> registry() {
        return REGISTRY;
    }
}
