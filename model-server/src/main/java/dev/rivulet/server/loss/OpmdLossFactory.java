package dev.rivulet.server.loss;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;

/** Registers {@code opmd}: the REC loss plus c·(logp − oldLogp)² on every token. */
public final class OpmdLossFactory implements PolicyLossFactory {

    @Override
    public String id() {
        return "opmd";
    }

    @Override
    public String description() {
        return "Online policy mirror descent: REC plus coef*(logp - oldLogp)^2.";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> specs = new ArrayList<>(LossOptions.REC);
        specs.add(LossOptions.PROXIMAL_COEF);
        return specs;
    }

    @Override
    public PolicyLoss create(StrategyOptions options) {
        LossOptions o = LossOptions.from(options);
        return new RecLoss("opmd", o, Regularisers.create(SquaredLogRatio.ID, o.coef()));
    }
}
