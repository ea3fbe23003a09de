package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.List;

/** Never hints: every visit is generated from the plain prompt (the default). */
public final class NoHints implements HintPolicy {

    @Override
    public Hint hint(Prompt prompt, HintState state) {
        return Hint.NONE;
    }

    @Override
    public HintState update(HintState state, int samples, int successes) {
        return state;
    }

    /** Registers {@code none}. */
    public static final class Factory implements HintPolicyFactory {
        @Override
        public String id() {
            return HintPolicies.NONE;
        }

        @Override
        public String description() {
            return "No hints: every rollout is generated from the plain prompt.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public HintPolicy create(StrategyOptions options) {
            return new NoHints();
        }
    }
}
