package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.loop.RolloutLoopConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rivulet.loop.reward-shaping and its shaping.* options as JobSettings reads them. */
class ShapingSettingsTest {

    private static RolloutLoopConfig.Choice shaper(Map<String, String> settings) {
        return JobSettings.of(settings).loopConfig(PolicyEndpoint.local(1)).strategies().shaper();
    }

    @Test
    void theDefaultIsNoShapingWithoutOptions() {
        assertThat(shaper(Map.of())).isEqualTo(RolloutLoopConfig.Choice.of("none"));
    }

    @Test
    void theShaperTakesTheShapingFamilysOptions() {
        RolloutLoopConfig.Choice c =
                shaper(
                        Map.of(
                                "rivulet.loop.reward-shaping", " some-shaper ",
                                "rivulet.loop.strategy-options",
                                        "advantage.clip=5; shaping.alpha=0.3"));
        assertThat(c.id()).isEqualTo("some-shaper");
        assertThat(c.options()).containsExactly(Map.entry("alpha", "0.3"));
    }
}
