package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import org.junit.jupiter.api.Test;

/** Loss options given by key reach the losses; bad keys and values fail naming them. */
class PolicyLossesTest {

    /** The loss on one token with ratio {@code ratio} and advantage {@code adv}. */
    private static double lossAt(PolicyLoss loss, double ratio, double adv) {
        try (NDManager m = Engines.newManager()) {
            Shape s = new Shape(1, 1);
            NDArray old = m.create(new double[] {-1.0}, s);
            NDArray lp = m.create(new double[] {Math.log(ratio) - 1.0}, s);
            NDArray a = m.create(new double[] {adv}, s);
            NDArray valid = m.create(new double[] {1.0}, s);
            return loss.compute(new LossInput(lp, old, a, valid)).loss().getDouble();
        }
    }

    @Test
    void everyLossIsRegisteredWithADescription() {
        assertThat(PolicyLosses.ids()).contains("asymre", "opmd", "ppo-clip", "rec", "reinforce");
        for (PolicyLossFactory f : PolicyLosses.registry().factories()) {
            assertThat(f.description()).as(f.id()).isNotBlank();
            assertThat(PolicyLosses.create(f.id()).id()).isEqualTo(f.id());
        }
    }

    @Test
    void defaultsAreThePapersValues() {
        LossOptions o = PolicyLosses.create("ppo-clip").options();
        assertThat(o)
                .isEqualTo(
                        new LossOptions(
                                0.2,
                                0.28,
                                3.0,
                                0.6,
                                2.0,
                                RecMask.NONE,
                                RecWeight.NONE,
                                1.0,
                                0.1,
                                "token-mean",
                                "none",
                                0.001,
                                ""));
        assertThat(PolicyLosses.create("rec/one-side/is").options().mask())
                .isEqualTo(RecMask.ONE_SIDE);
        assertThat(
                        PolicyLosses.create(
                                        "rec",
                                        StrategyOptions.of("mask", "ring", "weight", "advantage"))
                                .options())
                .extracting(LossOptions::mask, LossOptions::weight)
                .containsExactly(RecMask.RING, RecWeight.ADVANTAGE);
    }

    @Test
    void aWiderUpperClipChangesTheLoss() {
        // ratio 1.4, A = 1: clipped at 1.28 by default, at 1.5 not at all
        double byDefault = lossAt(PolicyLosses.create("ppo-clip"), 1.4, 1.0);
        double wider =
                lossAt(
                        PolicyLosses.create("ppo-clip", StrategyOptions.of("eps-high", "0.5")),
                        1.4,
                        1.0);
        assertThat(byDefault).isCloseTo(-1.28, within(1e-12));
        assertThat(wider).isCloseTo(-1.4, within(1e-12));
    }

    @Test
    void dualClipAndCoefficientsReachTheLoss() {
        // ratio 5, A = -1: dual clip caps at -c*A
        assertThat(lossAt(PolicyLosses.create("ppo-clip"), 5.0, -1.0))
                .isCloseTo(3.0, within(1e-12));
        assertThat(
                        lossAt(
                                PolicyLosses.create(
                                        "ppo-clip", StrategyOptions.of("dual-clip", "4")),
                                5.0,
                                -1.0))
                .isCloseTo(4.0, within(1e-12));
        // asymre: -A*logp - c*logp with logp = log(1) - 1 = -1 and A = 0: c
        assertThat(
                        lossAt(
                                PolicyLosses.create("asymre", StrategyOptions.of("coef", "0.5")),
                                1.0,
                                0.0))
                .isCloseTo(0.5, within(1e-12));
        // opmd: c*(logp - oldLogp)^2 = c*log(2)^2 with A = 0
        assertThat(lossAt(PolicyLosses.create("opmd", StrategyOptions.of("coef", "2")), 2.0, 0.0))
                .isCloseTo(2 * Math.log(2) * Math.log(2), within(1e-12));
    }

    @Test
    void badKeysAndValuesFailNamingThem() {
        assertThatThrownBy(
                        () -> PolicyLosses.create("ppo-clip", StrategyOptions.of("eps-hi", "0.3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "policy loss 'ppo-clip' does not understand option(s) [eps-hi]; it takes"
                                + " [aggregation, dual-clip, eps-high, eps-low, regulariser,"
                                + " regulariser-coef, regulariser-options]");
        assertThatThrownBy(
                        () -> PolicyLosses.create("ppo-clip", StrategyOptions.of("eps-low", "1.2")))
                .hasMessage("policy loss 'ppo-clip': option 'eps-low' must be in [0, 1), got 1.2");
        assertThatThrownBy(
                        () -> PolicyLosses.create("rec", StrategyOptions.of("temperature", "hot")))
                .hasMessage(
                        "policy loss 'rec': option 'temperature' must be a double in (0, inf), got"
                                + " 'hot'");
        assertThatThrownBy(() -> PolicyLosses.create("reinforce", StrategyOptions.of("coef", "1")))
                .hasMessageContaining(
                        "policy loss 'reinforce' does not understand option(s) [coef]");
        assertThatThrownBy(
                        () ->
                                PolicyLosses.create(
                                        "rec/ring/is", StrategyOptions.of("mask", "none")))
                .hasMessage("policy loss 'rec/ring/is' already sets option 'mask'");
        assertThatThrownBy(() -> PolicyLosses.create("rec/ring"))
                .hasMessage("rec loss id must be rec/<mask>/<weight>, got 'rec/ring'");
    }

    @Test
    void everyOptionIsRangeChecked() {
        // dual clip: 0 (off) or above 1; a c in (0, 1] would lower L below -A even at ratio 1
        assertThatThrownBy(
                        () ->
                                PolicyLosses.create(
                                        "ppo-clip", StrategyOptions.of("dual-clip", "0.5")))
                .hasMessage(
                        "policy loss 'ppo-clip': option 'dual-clip' must be 0 (off) or > 1, got"
                                + " 0.5");
        assertThatThrownBy(
                        () -> PolicyLosses.create("ppo-clip", StrategyOptions.of("dual-clip", "1")))
                .hasMessageContaining("option 'dual-clip' must be 0 (off) or > 1, got 1.0");
        assertThatThrownBy(
                        () ->
                                PolicyLosses.create(
                                        "ppo-clip", StrategyOptions.of("dual-clip", "-1")))
                .hasMessage(
                        "policy loss 'ppo-clip': option 'dual-clip' must be in [0, inf), got -1");
        // dual-clip 0 is accepted and disables the bound: ratio 5, A = -1 gives -A*clip = 1.2*...
        assertThat(
                        lossAt(
                                PolicyLosses.create(
                                        "ppo-clip", StrategyOptions.of("dual-clip", "0")),
                                5.0,
                                -1.0))
                .isCloseTo(5.0, within(1e-12));
        assertThatThrownBy(
                        () ->
                                PolicyLosses.create(
                                        "ppo-clip", StrategyOptions.of("eps-high", "-0.1")))
                .hasMessage(
                        "policy loss 'ppo-clip': option 'eps-high' must be in [0, inf), got -0.1");
        assertThatThrownBy(
                        () -> PolicyLosses.create("ppo-clip", StrategyOptions.of("eps-low", "1")))
                .hasMessage("policy loss 'ppo-clip': option 'eps-low' must be in [0, 1), got 1");
        assertThatThrownBy(() -> PolicyLosses.create("rec", StrategyOptions.of("ring-low", "1")))
                .hasMessage("policy loss 'rec': option 'ring-low' must be in [0, 1), got 1");
        assertThatThrownBy(() -> PolicyLosses.create("rec", StrategyOptions.of("ring-high", "-1")))
                .hasMessage("policy loss 'rec': option 'ring-high' must be in [0, inf), got -1");
        assertThatThrownBy(() -> PolicyLosses.create("opmd", StrategyOptions.of("coef", "-0.1")))
                .hasMessage("policy loss 'opmd': option 'coef' must be in [0, inf), got -0.1");
        assertThatThrownBy(
                        () ->
                                PolicyLosses.create(
                                        "reinforce", StrategyOptions.of("regulariser", "entropy")))
                .hasMessage(
                        "policy loss 'reinforce': option 'regulariser' must be one of none,"
                                + " aepo, entropy-bonus, kl-schedule, llds, negative-logp,"
                                + " squared-log-ratio, got 'entropy'");
    }

    @Test
    void anExtraRegulariserIsAddedToEveryLoss() {
        // squared-log-ratio as the extra term: c*(log 2)^2 on top of each loss at A = 0
        for (String id : PolicyLosses.ids()) {
            PolicyLoss plain = PolicyLosses.create(id);
            PolicyLoss extra =
                    PolicyLosses.create(
                            id,
                            StrategyOptions.of(
                                    "regulariser", "squared-log-ratio", "regulariser-coef", "3"));
            assertThat(lossAt(extra, 2.0, 0.0) - lossAt(plain, 2.0, 0.0))
                    .as(id)
                    .isCloseTo(3 * Math.log(2) * Math.log(2), within(1e-12));
            assertThat(plain.needsEntropy()).as(id).isFalse();
            assertThat(extra.needsEntropy()).as(id).isFalse();
            assertThat(
                            PolicyLosses.create(
                                            id, StrategyOptions.of("regulariser", "entropy-bonus"))
                                    .needsEntropy())
                    .as(id)
                    .isTrue();
        }
    }
}
