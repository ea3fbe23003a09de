package dev.rivulet.jobs.options;

import dev.rivulet.core.registry.Registry;

/** Option descriptions that list a registry's ids, so they never go stale. */
final class Ids {

    private Ids() {}

    /** {@code "<what>: a, b, c (docs/strategies.md)."} with the registry's sorted ids. */
    static String of(String what, Registry<?, ?> registry) {
        return what + ": " + String.join(", ", registry.ids()) + " (docs/strategies.md).";
    }
}
