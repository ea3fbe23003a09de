package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.StrategyOptions;

/** The identity: every sample keeps its task reward (the default). */
public final class NoShaping implements RewardShaper {

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        return ShapedRewards.of(group.taskRewards());
    }

    /** Registers {@code none}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return RewardShapers.NONE;
        }

        @Override
        public String description() {
            return "No shaping: the tracker and the advantages see the task's reward.";
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new NoShaping();
        }
    }
}
