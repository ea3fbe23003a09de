package dev.rivulet.algo.sampling;

import dev.rivulet.core.registry.StrategyOptions;

/** Registers {@code keep-all}: every group goes to training; no extra rounds (the baseline). */
public final class KeepAllSampling {

    private KeepAllSampling() {}

    /** Registers {@code keep-all}. */
    public static final class Factory implements SamplingPolicyFactory {
        @Override
        public String id() {
            return "keep-all";
        }

        @Override
        public String description() {
            return "Keeps every group, degenerate ones included; never asks for extra rounds.";
        }

        @Override
        public SamplingPolicy create(StrategyOptions options) {
            return new DapoSampling(false, 0);
        }
    }
}
