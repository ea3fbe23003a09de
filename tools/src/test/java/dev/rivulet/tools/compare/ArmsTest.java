package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.advantage.AdvantageEstimator;
import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.advantage.AdvantageInput;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmsTest {

    @Test
    void anArmFromTheCommandLineCarriesItsSettings() {
        Arm arm = Arms.parse("kl-grpo:rivulet.loop.advantage=drgrpo; rivulet.server.loss=opmd");
        assertThat(arm.name()).isEqualTo("kl-grpo");
        assertThat(arm.options())
                .isEqualTo(
                        Map.of(
                                "rivulet.loop.advantage", "drgrpo",
                                "rivulet.server.loss", "opmd"));
        assertThat(Arms.parse("plain").options()).isEmpty();
    }

    @Test
    void anOptionsListKeepsItsOwnSemicolons() {
        Arm arm =
                Arms.parse(
                        "k:rivulet.loop.strategy-options=advantage.clip=5; allocator.n-low=4;"
                                + "rivulet.loop.allocator=knapsack");
        assertThat(arm.options())
                .isEqualTo(
                        Map.of(
                                "rivulet.loop.strategy-options",
                                "advantage.clip=5;allocator.n-low=4",
                                "rivulet.loop.allocator",
                                "knapsack"));
        // only a *-options value continues: elsewhere a bare part is still an error
        assertThatThrownBy(() -> Arms.parse("a:rivulet.loop.selector=x;tracker.lambda=0"))
                .hasMessageContaining("'tracker.lambda=0' is not a rivulet.* setting");
    }

    @Test
    void extraArmsFollowTheChosenBuiltIns() {
        List<Arm> arms =
                Arms.select("uniform-grpo", List.of("mine:rivulet.loop.selector=thompson"));
        assertThat(arms).extracting(Arm::name).containsExactly("uniform-grpo", "mine");
        assertThat(Arms.select("none", List.of("mine")))
                .extracting(Arm::name)
                .containsExactly("mine");
        assertThat(Arms.select("all", List.of())).hasSize(Arms.all().size());
    }

    @Test
    void theKnapsackArmClipsAdvantagesAtFive() {
        Arm knapsack = Arms.select("knapsack-grpo").get(0);
        var config =
                JobSettings.of(knapsack.options()).loopConfig(PolicyEndpoint.local(1)).strategies();
        AdvantageEstimator grpo =
                AdvantageEstimators.registry()
                        .create(
                                config.estimator().id(),
                                StrategyOptions.of(config.estimator().options()));
        // 128 rollouts, one success: unclipped A = (1 - 1/128) / std ≈ 11.3
        double[] rewards = new double[128];
        rewards[0] = 1;
        double[] a =
                grpo.estimate(AdvantageInput.group(rewards), new java.util.SplittableRandom(1))
                        .advantages();
        assertThat(a[0]).isEqualTo(5.0);
        assertThat(a[1]).isGreaterThan(-5.0).isLessThan(0.0);
        // the spare budget stops at 8 rollouts per p = 0 prompt (docs/benchmarks.md)
        assertThat(config.allocator().options()).containsEntry("spare-max", "8");
        var allocator =
                dev.rivulet.algo.allocate.BudgetAllocators.registry()
                        .create(
                                config.allocator().id(),
                                StrategyOptions.of(config.allocator().options()));
        var zeros =
                java.util.List.of(
                        dev.rivulet.algo.allocate.PromptEstimate.valid("a", 0.0),
                        dev.rivulet.algo.allocate.PromptEstimate.valid("b", 1.0));
        assertThat(allocator.allocate(zeros).rollouts()).containsExactly(11, 5);
    }

    @Test
    void theNgrpoArmClipsAsymmetricallyAsTheAuthorsScriptDoes() {
        Arm ngrpo = Arms.select("ngrpo").get(0);
        assertThat(ngrpo.options()).containsEntry("rivulet.loop.advantage", "ngrpo");
        var loss =
                dev.rivulet.server.loss.PolicyLosses.create(
                        ngrpo.options().get("rivulet.server.loss"),
                        StrategyOptions.parse(
                                ngrpo.options().get("rivulet.server.loss-options"),
                                "loss options"));
        assertThat(loss.options().epsLo()).isEqualTo(0.16);
        assertThat(loss.options().epsHi()).isEqualTo(0.24);
    }

    @Test
    void everySeedMethodArmBuildsItsStrategiesAndLoss() {
        for (String name : Arms.SEED_LOSS_METHODS) {
            Arm arm = Arms.named(name);
            JobSettings settings = JobSettings.of(arm.options());
            var strategies = settings.loopConfig(PolicyEndpoint.local(1)).strategies();
            AdvantageEstimators.registry()
                    .create(
                            strategies.estimator().id(),
                            StrategyOptions.of(strategies.estimator().options()));
            var loss =
                    dev.rivulet.server.loss.PolicyLosses.create(
                            settings.serverLoss(), settings.serverLossOptions());
            // the arm's method is its estimator, its loss or its loss's regulariser
            assertThat(
                            List.of(
                                    strategies.estimator().id(),
                                    loss.id(),
                                    loss.options().regulariser()))
                    .as(name)
                    .contains(name);
        }
        assertThat(ComparePreset.of("seed-methods").arms())
                .startsWith("uniform-grpo,spo,")
                .contains("grao");
    }

    @Test
    void everyLoopMethodArmBuildsItsLoopAndLearner() {
        for (String name : Arms.SEED_LOOP_METHODS) {
            JobSettings settings = JobSettings.of(Arms.named(name).options());
            var loop = settings.loopConfig(PolicyEndpoint.local(1));
            var learner = settings.learnerConfig(PolicyEndpoint.local(1));
            assertThat(
                            List.of(
                                    loop.strategies().estimator().id(),
                                    loop.strategies().selector().id(),
                                    loop.strategies().allocator().id(),
                                    loop.toString(),
                                    learner.toString()))
                    .as(name)
                    // an arm is named by its method, or by a strategy id and a suffix
                    // (xrpo-full: the xrpo allocator with its advantage)
                    .anyMatch(s -> s.contains(name) || name.startsWith(s + "-"));
        }
    }

    @Test
    void theLabelFreeArmsCarryTheSettingsThatKeepThemFromCollapsing() {
        // docs/algorithms/shaping-majority-vote.md and shaping-format-length.md, 2026-12-05
        Map<String, String> mv = Arms.named("majority-vote").options();
        assertThat(mv)
                .containsEntry("rivulet.loop.reward-shaping", "majority-vote")
                .containsEntry("rivulet.loop.strategy-options", "shaping.vote=mass");
        var optimizer =
                dev.rivulet.server.learn.OptimizerConfig.from(
                        1e-3, JobSettings.of(mv).serverOptimizerOptions());
        assertThat(optimizer.klBeta()).isEqualTo(0.5);
        Map<String, String> fl = Arms.named("format-length").options();
        assertThat(fl)
                .containsEntry("rivulet.loop.reward-shaping", "format-length")
                .containsEntry("rivulet.loop.strategy-options", "shaping.length-of=reasoning")
                .containsEntry("rivulet.server.optimizer-options", "kl-beta=0.5");
        // both build their shaper from the loop's settings (a misspelt option would throw)
        for (Map<String, String> options : List.of(mv, fl)) {
            var shaper =
                    JobSettings.of(options)
                            .loopConfig(PolicyEndpoint.local(1))
                            .strategies()
                            .shaper();
            assertThat(
                            dev.rivulet.algo.shape.RewardShapers.registry()
                                    .create(shaper.id(), StrategyOptions.of(shaper.options())))
                    .isNotNull();
        }
    }

    @Test
    void anArmIsFoundByNameOrParsedFromASpec() {
        assertThat(Arms.named("spo").options()).containsEntry("rivulet.loop.advantage", "spo");
        assertThat(Arms.named("mine:rivulet.loop.selector=thompson").options())
                .containsEntry("rivulet.loop.selector", "thompson");
        assertThatThrownBy(() -> Arms.named("nope"))
                .hasMessageContaining("unknown arm 'nope'")
                .hasMessageContaining("uniform-grpo");
    }

    @Test
    void badArmsFailNamingTheProblem() {
        assertThatThrownBy(() -> Arms.parse(":rivulet.loop.selector=x"))
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> Arms.parse("a:loop.selector=x"))
                .hasMessageContaining("'loop.selector=x' is not a rivulet.* setting");
        assertThatThrownBy(() -> Arms.parse("a:rivulet.x=1;rivulet.x=2"))
                .hasMessageContaining("sets rivulet.x twice");
        assertThatThrownBy(() -> Arms.select("spo", List.of("spo:rivulet.x=1")))
                .hasMessageContaining("two arms are named 'spo'");
        assertThatThrownBy(() -> Arms.select("none", List.of()))
                .hasMessageContaining("no arm to run");
        assertThatThrownBy(() -> Arms.select("nope", List.of()))
                .hasMessageContaining("unknown arm");
    }

    @Test
    void scaffoldIsABuiltInArmWithTheHintPolicy() {
        assertThat(Arms.named("scaffold").options())
                .containsExactly(java.util.Map.entry("rivulet.loop.hints", "scaffold"));
        assertThat(Arms.named("xrpo-seed").options())
                .containsExactly(java.util.Map.entry("rivulet.loop.hints", "xrpo-seed"));
        assertThat(Arms.named("segment-po").options())
                .containsEntry("rivulet.loop.advantage", "segment-po")
                .containsEntry(
                        "rivulet.loop.strategy-options",
                        "advantage.interval=1;advantage.max-cuts=2");
        assertThat(Arms.SEED_GUIDED_METHODS).allSatisfy(n -> Arms.named(n));
        assertThat(Arms.named("guide").options())
                .containsExactly(java.util.Map.entry("rivulet.loop.hints", "guide"));
        assertThat(Arms.named("expo").options())
                .containsExactly(java.util.Map.entry("rivulet.loop.hints", "expo"));
    }
}
