package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Degenerate cases, options and the registry of advantage estimators. */
class AdvantageEstimatorsTest {

    private static final SplittableRandom RNG = new SplittableRandom(5);

    private static AdvantageResult run(String id, StrategyOptions o, double... rewards) {
        return AdvantageEstimators.registry()
                .create(id, o)
                .estimate(AdvantageInput.group(rewards), RNG);
    }

    @Test
    void registryHasExactlyTheExpectedIds() {
        assertThat(AdvantageEstimators.registry().ids())
                .contains(
                        "grpo", "drgrpo", "ngrpo", "rec", "asymre", "spo", "gtpo", "tempo", "d3s",
                        "tw-grpo", "disco");
    }

    @Test
    void unknownIdListsTheKnownIds() {
        assertThatThrownBy(() -> AdvantageEstimators.registry().create("gae"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown advantage estimator 'gae'")
                .hasMessageContaining(
                        "known ids: " + String.join(", ", AdvantageEstimators.registry().ids()));
    }

    @Test
    void unknownOptionAndBadValuesFail() {
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("grpo", StrategyOptions.of("drop", "balance")))
                .hasMessageContaining("does not understand option(s) [drop]");
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("rec", StrategyOptions.of("drop", "half")))
                .hasMessageContaining("'rec': option 'drop' must be one of none, balance");
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("spo", StrategyOptions.of("clip", "-1")))
                .hasMessageContaining("'spo': option 'clip' must be in [0, inf), got -1");
    }

    @Test
    void allEqualGroupsAreFlaggedAndGiveNoGradientExceptAsymreAndNgrpo() {
        AdvantageResult grpo = run("grpo", StrategyOptions.empty(), 1, 1, 1, 1);
        assertThat(grpo.allEqual()).isTrue();
        assertThat(grpo.zeroGradient()).isTrue();
        assertThat(grpo.metrics()).containsEntry("all_equal", 1.0).containsEntry("non_zero", 0.0);
        AdvantageResult asym = run("asymre", StrategyOptions.empty(), 0, 0, 0);
        assertThat(asym.allEqual()).isTrue();
        assertThat(asym.advantages()).containsOnly(0.1);
        AdvantageResult ngrpo = run("ngrpo", StrategyOptions.empty(), 0, 0, 0, 0, 0, 0, 0, 0);
        for (double a : ngrpo.advantages()) {
            assertThat(a).isCloseTo(-1.0 / 3.0, within(1e-5));
        }
        assertThat(ngrpo.nonZero()).isEqualTo(8);
    }

    @Test
    void emptyGroupGivesNoAdvantages() {
        for (String id : AdvantageEstimators.registry().ids()) {
            AdvantageResult r =
                    AdvantageEstimators.registry().create(id).estimate(AdvantageInput.group(), RNG);
            assertThat(r.advantages()).isEmpty();
            assertThat(r.meanReward()).isNaN();
        }
    }

    @Test
    void clipBoundsTheMagnitude() {
        // a group of 93 with one success: grpo gives A ≈ 9.59 to the success
        double[] rewards = new double[93];
        rewards[0] = 1;
        AdvantageResult raw = run("grpo", StrategyOptions.empty(), rewards);
        assertThat(raw.advantage(0)).isGreaterThan(9.5);
        AdvantageResult clipped = run("grpo", StrategyOptions.of("clip", "5"), rewards);
        assertThat(clipped.advantage(0)).isEqualTo(5.0);
        assertThat(clipped.clipped()).isEqualTo(1);
        assertThat(clipped.advantage(1)).isEqualTo(raw.advantage(1));
        AdvantageResult neg = run("drgrpo", StrategyOptions.of("clip", "0.2"), 0, 0, 0, 1);
        assertThat(neg.advantages()).containsExactly(-0.2, -0.2, -0.2, 0.2);
    }

    @Test
    void recBalanceDropsSurplusNegativesAndRecentres() {
        AdvantageEstimator rec =
                AdvantageEstimators.registry().create("rec", StrategyOptions.of("drop", "balance"));
        double[] rewards = {1, 0, 0, 0, 0, 1, 0, 0};
        AdvantageResult r = rec.estimate(AdvantageInput.group(rewards), new SplittableRandom(11));
        // 2 positives, 6 negatives: 4 negatives dropped; kept mean = 2/4 = 0.5
        assertThat(r.dropped()).isEqualTo(4);
        int pos = 0;
        int neg = 0;
        int zero = 0;
        for (double a : r.advantages()) {
            if (a == 0.5) {
                pos++;
            } else if (a == -0.5) {
                neg++;
            } else if (a == 0.0) {
                zero++;
            }
        }
        assertThat(pos).isEqualTo(2);
        assertThat(neg).isEqualTo(2);
        assertThat(zero).isEqualTo(4);
        assertThat(r.advantage(0)).isEqualTo(0.5);
        assertThat(r.advantage(5)).isEqualTo(0.5);
        // same seed, same drops; positives never dropped
        AdvantageResult again =
                rec.estimate(AdvantageInput.group(rewards), new SplittableRandom(11));
        assertThat(again.advantages()).containsExactly(r.advantages());
        // balanced or positive-heavy groups are untouched
        AdvantageResult balanced = rec.estimate(AdvantageInput.group(1, 1, 1, 0), RNG);
        assertThat(balanced.dropped()).isZero();
        assertThat(balanced.advantages()).containsExactly(0.25, 0.25, 0.25, -0.75);
    }

    @Test
    void spoIsPerSampleAgainstTheBaseline() {
        AdvantageEstimator spo = AdvantageEstimators.registry().create("spo");
        assertThat(spo.needsGroup()).isFalse();
        double[] rewards = {1, 0, 1};
        double[] baselines = {0.5, 0.25, 0.8333333333333334};
        AdvantageResult r = spo.estimate(AdvantageInput.withBaselines(rewards, baselines), RNG);
        assertThat(r.advantage(0)).isEqualTo(0.5);
        assertThat(r.advantage(1)).isEqualTo(-0.25);
        assertThat(r.advantage(2)).isCloseTo(0.16666666666666663, within(1e-15));
        assertThat(rewards).containsExactly(1, 0, 1);
        assertThatThrownBy(() -> spo.estimate(AdvantageInput.group(1, 0), RNG))
                .hasMessageContaining("one baseline");
    }

    @Test
    void inputsAreNeverMutated() {
        double[] rewards = {1, 0, 0.5};
        AdvantageInput in = AdvantageInput.group(rewards);
        rewards[0] = 7;
        assertThat(in.rewards()).containsExactly(1, 0, 0.5);
        AdvantageResult r = AdvantageEstimators.registry().create("grpo").estimate(in, RNG);
        double[] a = r.advantages();
        a[0] = 99;
        assertThat(r.advantage(0)).isNotEqualTo(99);
    }

    @Test
    void everyIdHasADocsPageListingItsOptions() throws IOException {
        for (AdvantageEstimatorFactory f : AdvantageEstimators.registry().factories()) {
            Path page = Path.of("..", "docs", "algorithms", f.id() + ".md");
            assertThat(page).exists();
            String text = Files.readString(page);
            for (String key : f.options().stream().map(OptionSpec::key).toList()) {
                assertThat(text).as("%s documents option %s", page, key).contains("`" + key + "`");
            }
        }
    }
}
