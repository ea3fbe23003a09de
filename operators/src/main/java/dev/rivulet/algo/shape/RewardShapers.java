package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.Registry;

/** The registry of reward shapers, loaded once. */
public final class RewardShapers {

    /** The identity shaper's id, the default. */
    public static final String NONE = "none";

    private static final Registry<RewardShaperFactory, RewardShaper> REGISTRY =
            Registry.load("reward shaper", RewardShaperFactory.class);

    private RewardShapers() {}

    public static Registry<RewardShaperFactory, RewardShaper> registry() {
        return REGISTRY;
    }
}
