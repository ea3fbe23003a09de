package dev.rivulet.algo.track;

import dev.rivulet.core.registry.Registry;

/** The registry of value trackers, loaded once. */
public final class ValueTrackers {

    private static final Registry<ValueTrackerFactory, ValueTracker> REGISTRY =
            Registry.load("value tracker", ValueTrackerFactory.class);

    private ValueTrackers() {}

    public static Registry<ValueTrackerFactory, ValueTracker> registry() {
        return REGISTRY;
    }
}
