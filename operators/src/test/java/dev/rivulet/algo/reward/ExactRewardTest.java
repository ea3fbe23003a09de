package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

class ExactRewardTest {

    private final Prompt p = RewardTestSupport.prompt("exact", "capital of France?", "Paris");

    @Test
    void matchAfterTrimmingOnly() {
        RewardFunction reward = RewardFunctions.create("exact");
        assertThat(reward.reward("Paris", p)).isEqualTo(1.0);
        assertThat(reward.reward(" \tParis\n", p)).isEqualTo(1.0);
        assertThat(reward.reward("paris", p)).isEqualTo(0.0);
        assertThat(reward.reward("Par is", p)).isEqualTo(0.0);
        assertThat(reward.reward("Paris.", p)).isEqualTo(0.0);
        assertThat(reward.reward("", p)).isEqualTo(0.0);
    }

    @Test
    void ignoreCaseOption() {
        RewardFunction reward =
                RewardFunctions.registry()
                        .create("exact", StrategyOptions.of("ignore-case", "true"));
        assertThat(reward.reward("PARIS", p)).isEqualTo(1.0);
        assertThat(reward.reward("Pariss", p)).isEqualTo(0.0);
    }

    @Test
    void unicodeIsComparedByCodePoints() {
        Prompt q = RewardTestSupport.prompt("exact", "q", "café");
        RewardFunction reward = RewardFunctions.create("exact");
        assertThat(reward.reward("café", q)).isEqualTo(1.0);
        assertThat(reward.reward("cafe\u0301", q)).isEqualTo(0.0); // not NFC-normalised
    }
}
