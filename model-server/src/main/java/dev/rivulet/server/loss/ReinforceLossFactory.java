package dev.rivulet.server.loss;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/** Registers {@code reinforce}: −A·logp on every token, no mask, no weight, no regulariser. */
public final class ReinforceLossFactory implements PolicyLossFactory {

    @Override
    public String id() {
        return "reinforce";
    }

    @Override
    public String description() {
        return "Plain REINFORCE: -A*logp on every token (REC without mask or weight).";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                LossOptions.AGGREGATION,
                LossOptions.REGULARISER,
                LossOptions.REGULARISER_COEF,
                LossOptions.REGULARISER_OPTIONS);
    }

    @Override
    public PolicyLoss create(StrategyOptions options) {
        return new RecLoss("reinforce", LossOptions.from(options));
    }
}
