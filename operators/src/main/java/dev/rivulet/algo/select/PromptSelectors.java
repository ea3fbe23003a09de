package dev.rivulet.algo.select;

import dev.rivulet.core.registry.Registry;

/** The registry of prompt selectors, loaded once. */
public final class PromptSelectors {

    private static final Registry<PromptSelectorFactory, PromptSelector> REGISTRY =
            Registry.load("prompt selector", PromptSelectorFactory.class);

    private PromptSelectors() {}

    public static Registry<PromptSelectorFactory, PromptSelector> registry() {
        return REGISTRY;
    }
}
