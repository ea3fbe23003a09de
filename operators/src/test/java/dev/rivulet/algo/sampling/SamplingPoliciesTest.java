package dev.rivulet.algo.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingPoliciesTest {

    private static List<RolloutGroup> round() {
        return List.of(
                RolloutGroup.of("allWrong", 0, 0, 0, 0),
                RolloutGroup.of("mixed", 1, 0, 0, 1),
                RolloutGroup.of("allRight", 1, 1, 1, 1),
                RolloutGroup.of("single", 1),
                RolloutGroup.of("fractional", 0.5, 0.25, 0.5, 0.5));
    }

    @Test
    void dapoDropsAllEqualGroupsAndAsksForMore() {
        SamplingPolicy dapo = SamplingPolicies.registry().create("dapo");
        SamplingDecision d = dapo.decide(round(), 0, 16, 0);
        assertThat(d.keep()).containsExactly("mixed", "fractional");
        assertThat(d.drop()).containsExactly("allWrong", "allRight", "single");
        assertThat(d.keptSamples()).isEqualTo(8);
        assertThat(d.missingSamples()).isEqualTo(8);
        assertThat(d.generateMore()).isTrue();
        assertThat(d.roundsExhausted()).isFalse();
    }

    @Test
    void dapoStopsWhenFullOrWhenTheRoundBoundIsReached() {
        SamplingPolicy dapo =
                SamplingPolicies.registry()
                        .create("dapo", StrategyOptions.of("max-extra-rounds", "2"));
        SamplingDecision full = dapo.decide(round(), 10, 16, 1);
        assertThat(full.missingSamples()).isZero();
        assertThat(full.generateMore()).isFalse();
        assertThat(full.roundsExhausted()).isFalse();
        SamplingDecision bounded = dapo.decide(round(), 0, 16, 2);
        assertThat(bounded.generateMore()).isFalse();
        assertThat(bounded.roundsExhausted()).isTrue();
        SamplingDecision empty = dapo.decide(List.of(), 0, 4, 0);
        assertThat(empty.generateMore()).isTrue();
        assertThatThrownBy(() -> dapo.decide(List.of(), -1, 4, 0)).hasMessageContaining(">= 0");
    }

    @Test
    void keepAllKeepsEverythingAndNeverRegenerates() {
        SamplingDecision d =
                SamplingPolicies.registry().create("keep-all").decide(round(), 0, 64, 0);
        assertThat(d.keep()).hasSize(5);
        assertThat(d.drop()).isEmpty();
        assertThat(d.keptSamples()).isEqualTo(17);
        assertThat(d.generateMore()).isFalse();
        assertThat(d.roundsExhausted()).isTrue();
    }

    @Test
    void registryHasExactlyTheExpectedIdsAndFailsOnUnknownOnes() {
        assertThat(SamplingPolicies.registry().ids()).containsExactlyInAnyOrder("dapo", "keep-all");
        assertThatThrownBy(() -> SamplingPolicies.registry().create("filter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sampling policy 'filter'")
                .hasMessageContaining("dapo, keep-all");
    }

    @Test
    void everyIdHasADocsPageListingItsOptions() throws IOException {
        for (SamplingPolicyFactory f : SamplingPolicies.registry().factories()) {
            Path page = Path.of("..", "docs", "algorithms", f.id() + ".md");
            assertThat(page).exists();
            String text = Files.readString(page);
            for (String key : f.options().stream().map(OptionSpec::key).toList()) {
                assertThat(text).as("%s documents option %s", page, key).contains("`" + key + "`");
            }
        }
    }
}
