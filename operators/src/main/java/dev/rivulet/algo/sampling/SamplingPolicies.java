package dev.rivulet.algo.sampling;

import dev.rivulet.core.registry.Registry;

/** The registry of dynamic-sampling policies, loaded once. */
public final class SamplingPolicies {

    private static final Registry<SamplingPolicyFactory, SamplingPolicy> REGISTRY =
            Registry.load("sampling policy", SamplingPolicyFactory.class);

    private SamplingPolicies() {}

    public static Registry<SamplingPolicyFactory, SamplingPolicy> registry() {
        return REGISTRY;
    }
}
