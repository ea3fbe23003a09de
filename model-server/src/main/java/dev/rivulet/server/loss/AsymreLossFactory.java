package dev.rivulet.server.loss;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;

/** Registers {@code asymre}: the REC loss minus c·logp on every token. */
public final class AsymreLossFactory implements PolicyLossFactory {

    @Override
    public String id() {
        return "asymre";
    }

    @Override
    public String description() {
        return "Asymmetric REINFORCE: REC minus coef*logp; do not combine with the asymre"
                + " advantage.";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> specs = new ArrayList<>(LossOptions.REC);
        specs.add(LossOptions.COEF);
        return specs;
    }

    @Override
    public PolicyLoss create(StrategyOptions options) {
        LossOptions o = LossOptions.from(options);
        return new RecLoss("asymre", o, Regularisers.create(NegativeLogp.ID, o.coef()));
    }
}
