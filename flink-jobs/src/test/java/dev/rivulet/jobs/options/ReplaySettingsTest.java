package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.algo.replay.SsrReplay;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.learner.LearnerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * rivulet.learner.replay-options as JobSettings reads it: the replay policy's own options (ssr's
 * alpha) reach the policy the learner creates, from --set and from the Flink configuration.
 */
class ReplaySettingsTest {

    /** The replay policy as LearnerCore creates it from the job's LearnerConfig. */
    private static Object policy(JobSettings settings) {
        LearnerConfig c = settings.learnerConfig(PolicyEndpoint.local(1));
        return ReplayPolicies.registry().create(c.replay(), StrategyOptions.of(c.replayOptions()));
    }

    @Test
    void ssrsAlphaComesFromTheSetArguments() throws Exception {
        JobSettings s =
                ConfigLayers.resolve(
                        Map.of(),
                        JobArguments.parse(
                                "--telemetry",
                                "/tmp/t",
                                "--set",
                                "rivulet.learner.replay=ssr",
                                "--set",
                                "rivulet.learner.replay-options=alpha=0.5",
                                "--set",
                                "rivulet.learner.max-reuse=2"));
        assertThat(s.learnerConfig(PolicyEndpoint.local(1)).replayOptions())
                .containsEntry("alpha", "0.5")
                .containsEntry("max-reuse", "2");
        SsrReplay ssr = (SsrReplay) policy(s);
        // |A|^alpha: 4^0.5 = 2 (the default alpha = 1 gives 4)
        assertThat(ssr.weight(4.0)).isEqualTo(2.0);
    }

    @Test
    void ssrsAlphaComesFromTheFlinkConfiguration() throws Exception {
        JobSettings s =
                ConfigLayers.resolve(
                        Map.of(
                                "rivulet.learner.replay", "ssr",
                                "rivulet.learner.replay-options", "alpha=2"),
                        JobArguments.parse("--telemetry", "/tmp/t"));
        assertThat(((SsrReplay) policy(s)).weight(3.0)).isEqualTo(9.0);
    }

    @Test
    void withoutReplayOptionsSsrKeepsItsDefaultAlpha() {
        JobSettings s = JobSettings.of(Map.of("rivulet.learner.replay", "ssr"));
        assertThat(s.learnerConfig(PolicyEndpoint.local(1)).replayOptions())
                .containsOnlyKeys("max-staleness", "max-reuse", "keep-groups");
        assertThat(((SsrReplay) policy(s)).weight(4.0)).isEqualTo(4.0);
    }

    @Test
    void aBadAlphaFailsWhenTheSettingsAreReadNamingTheKeyAndValue() {
        assertThatThrownBy(
                        () ->
                                JobSettings.of(
                                        Map.of(
                                                "rivulet.learner.replay", "ssr",
                                                "rivulet.learner.replay-options", "alpha=-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rivulet.learner.replay=ssr")
                .hasMessageContaining("alpha")
                .hasMessageContaining("-1");
    }

    @Test
    void anOptionTheReplayPolicyDoesNotHaveFails() {
        assertThatThrownBy(
                        () ->
                                JobSettings.of(
                                        Map.of(
                                                "rivulet.learner.replay", "fifo",
                                                "rivulet.learner.replay-options", "alpha=0.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fifo")
                .hasMessageContaining("alpha");
    }

    @Test
    void theLimitsAreSetByTheirOwnKeysNotByReplayOptions() {
        assertThatThrownBy(
                        () ->
                                JobSettings.of(
                                        Map.of("rivulet.learner.replay-options", "max-reuse=3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rivulet.learner.replay-options")
                .hasMessageContaining("rivulet.learner.max-reuse");
    }

    @Test
    void replayInTheLoopsStrategyOptionsPointsToReplayOptions() {
        assertThatThrownBy(
                        () ->
                                JobSettings.of(
                                        Map.of(
                                                "rivulet.loop.strategy-options",
                                                "replay.alpha=0.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rivulet.learner.replay-options");
    }
}
