package dev.rivulet.algo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Pins beta-kl to spo-tracker-vectors.json and checks its variants. */
class BetaKlTrackerTest {

    private static JsonNode vectors() throws IOException {
        try (InputStream in =
                BetaKlTrackerTest.class.getResourceAsStream("/testdata/spo-tracker-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void close(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.max(1e-12, 1e-9 * Math.abs(expected))));
    }

    private final BetaKlTracker tracker =
            (BetaKlTracker) ValueTrackers.registry().create("beta-kl");

    @Test
    void updatesMatchTheVectors() throws IOException {
        int n = 0;
        for (JsonNode u : vectors().get("updates")) {
            TrackerState s =
                    TrackerState.ofBeta(u.get("alpha").asDouble(), u.get("beta").asDouble(), 0, -1);
            double d = u.get("D").asDouble();
            close(tracker.rho(d), u.get("rho").asDouble());
            double before = tracker.value(s);
            close(before, u.get("value_before").asDouble());
            double r = u.get("reward").asDouble();
            close(r - before, u.get("advantage").asDouble());
            TrackerState next = tracker.update(s, Observation.spo(r, d));
            close(next.alpha(), u.get("alpha_next").asDouble());
            close(next.beta(), u.get("beta_next").asDouble());
            assertThat(next.seen()).isEqualTo(1);
            assertThat(s.alpha()).isEqualTo(u.get("alpha").asDouble());
            n++;
        }
        assertThat(n).isEqualTo(5);
    }

    @Test
    void priorsMatchTheVectors() throws IOException {
        for (JsonNode p : vectors().get("prior")) {
            TrackerState s = tracker.initial(p.get("successes").asInt(), p.get("of").asInt());
            close(s.alpha(), p.get("alpha0").asDouble());
            close(s.beta(), p.get("beta0").asDouble());
            assertThat(s.hasBeta()).isTrue();
            assertThat(tracker.valid(s)).isTrue();
        }
    }

    @Test
    void withoutPriorStartsAtHalfHalfAndFirstVisitUsesRhoMax() {
        TrackerState s = tracker.initial();
        assertThat(s.alpha()).isEqualTo(0.5);
        assertThat(s.beta()).isEqualTo(0.5);
        assertThat(tracker.value(s)).isEqualTo(0.5);
        assertThat(tracker.rho(0.0)).isEqualTo(0.96);
        assertThat(tracker.rho(Double.NaN)).isEqualTo(0.96);
        assertThat(tracker.rho(10.0)).isEqualTo(0.875);
        assertThatThrownBy(() -> tracker.rho(-0.1)).hasMessageContaining("D must be >= 0");
        assertThatThrownBy(() -> tracker.initial(9, 8)).hasMessageContaining("successes");
    }

    @Test
    void constantDiscountIgnoresTheDivergence() {
        ValueTracker constant =
                ValueTrackers.registry()
                        .create("beta-kl", StrategyOptions.of("discount", "constant"));
        TrackerState s = constant.update(TrackerState.ofBeta(4, 4, 0, -1), Observation.spo(1, 0));
        assertThat(s.alpha()).isEqualTo(0.875 * 4 + 1);
        assertThat(s.beta()).isEqualTo(0.875 * 4);
        ValueTracker custom =
                ValueTrackers.registry()
                        .create(
                                "beta-kl",
                                StrategyOptions.of("discount", "constant", "rho", "0.9"));
        assertThat(((BetaKlTracker) custom).rho(5)).isEqualTo(0.9);
        assertThatThrownBy(
                        () ->
                                ValueTrackers.registry()
                                        .create("beta-kl", StrategyOptions.of("rho", "0.9")))
                .hasMessageContaining("discount=constant");
    }

    @Test
    void binaryModeRejectsRewardsOutsideTheUnitInterval() {
        assertThatThrownBy(() -> tracker.update(tracker.initial(), Observation.spo(2.0, 0)))
                .hasMessageContaining("rewards=continuous")
                .hasMessageContaining("rewards=fractional");
    }

    @Test
    void continuousRewardsAreTrackedByEma() {
        ValueTracker ema =
                ValueTrackers.registry()
                        .create("beta-kl", StrategyOptions.of("rewards", "continuous"));
        TrackerState s = ema.initial();
        assertThat(s.value()).isEqualTo(0.5);
        assertThat(s.hasBeta()).isFalse();
        s = ema.update(s, Observation.spo(3.0, 0));
        close(s.value(), 0.96 * 0.5 + 0.04 * 3.0);
        s = ema.update(s, Observation.spo(-1.0, 1.0));
        close(s.value(), 0.875 * (0.96 * 0.5 + 0.04 * 3.0) + 0.125 * -1.0);
        assertThat(s.seen()).isEqualTo(2);
    }

    @Test
    void asksForSposEightPriorSamplesUnlessToldOtherwise() {
        assertThat(tracker.priorSamples()).isEqualTo(8);
        assertThat(
                        ValueTrackers.registry()
                                .create("beta-kl", StrategyOptions.of("prior-samples", "0"))
                                .priorSamples())
                .isZero();
        assertThat(
                        ValueTrackers.registry()
                                .create("beta-kl", StrategyOptions.of("prior-samples", "16"))
                                .priorSamples())
                .isEqualTo(16);
        assertThatThrownBy(
                        () ->
                                ValueTrackers.registry()
                                        .create(
                                                "beta-kl",
                                                StrategyOptions.of("prior-samples", "-1")))
                .hasMessageContaining("prior-samples");
        assertThat(ValueTrackers.registry().create("reward-history").priorSamples())
                .as("other trackers ask for no prior")
                .isZero();
    }
}
