package dev.rivulet.algo.hint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

/**
 * Guide's rule (an all-wrong plain group is regenerated hinted, once), and its degenerate cases.
 */
class GuideHintsTest {

    private final HintPolicy guide = HintPolicies.registry().create("guide");
    private final Prompt arith = new Prompt("a", "arith", 4, "4821+3377=", "8198");

    private static HintState s(int level, int failures) {
        return new HintState(level, failures);
    }

    @Test
    void onlyAnAllWrongPlainGroupIsRegenerated() {
        assertThat(guide.regenerates()).isTrue();
        // 0 of 8 right on a plain visit: regenerate under tier 1 (the default level)
        assertThat(guide.update(HintState.PLAIN, 8, 0)).isEqualTo(s(1, 0));
        // a group of one that failed is all wrong too
        assertThat(guide.update(HintState.PLAIN, 1, 0)).isEqualTo(s(1, 0));
        // 1 of 8 right (mixed) and 8 of 8 right (all right): no guidance
        assertThat(guide.update(HintState.PLAIN, 8, 1)).isEqualTo(HintState.PLAIN);
        assertThat(guide.update(HintState.PLAIN, 8, 8)).isEqualTo(HintState.PLAIN);
        // the hinted regeneration, whatever its outcome, leaves the prompt plain: never twice
        assertThat(guide.update(s(1, 0), 8, 0)).isEqualTo(HintState.PLAIN);
        assertThat(guide.update(s(1, 0), 8, 3)).isEqualTo(HintState.PLAIN);
        // failures are never counted across visits (Guide decides per group)
        assertThat(guide.update(s(0, 5), 8, 0)).isEqualTo(s(1, 0));
    }

    @Test
    void theRegenerationCarriesTierLevelOfThePrompt() {
        assertThat(guide.hint(arith, HintState.PLAIN)).isEqualTo(Hint.NONE);
        assertThat(guide.hint(arith, s(1, 0))).isEqualTo(Hint.answerPrefix("8", 1));
        HintPolicy two =
                HintPolicies.registry()
                        .create("guide", StrategyOptions.of("level", "2", "kind", "in-context"));
        HintState after = two.update(HintState.PLAIN, 4, 0);
        assertThat(after).isEqualTo(s(2, 0));
        assertThat(two.hint(arith, after))
                .isEqualTo(Hint.inContext("Hint: the answer starts with 81", 2));
        // a worked solution: tier 2 is its first two sentences
        Prompt gsm = new Prompt("g", "gsm8k", 0, "q?", "72", "Half is 24. Total 72. Done.");
        assertThat(two.hint(gsm, after))
                .isEqualTo(Hint.inContext("Hint: Half is 24. Total 72.", 2));
    }

    @Test
    void degenerateVisitsAndBadOptions() {
        // a prompt without answer or solution has no tier: no hint (the loop serves it plain)
        assertThat(guide.hint(new Prompt("e", "open", 0, "say hi", ""), s(1, 0)))
                .isEqualTo(Hint.NONE);
        // an empty visit is not a failed group
        assertThat(guide.update(HintState.PLAIN, 0, 0)).isEqualTo(HintState.PLAIN);
        assertThatThrownBy(() -> guide.update(HintState.PLAIN, 2, 3))
                .hasMessageContaining("0 <= successes <= samples, got 3 of 2");
        assertThatThrownBy(
                        () ->
                                HintPolicies.registry()
                                        .create("guide", StrategyOptions.of("level", "0")))
                .hasMessageContaining("level");
        assertThatThrownBy(
                        () ->
                                HintPolicies.registry()
                                        .create("guide", StrategyOptions.of("kind", "prefix")))
                .hasMessageContaining("kind");
        // the policies that wait for the next visit do not regenerate
        assertThat(HintPolicies.registry().create("scaffold").regenerates()).isFalse();
        assertThat(HintPolicies.registry().create(HintPolicies.NONE).regenerates()).isFalse();
    }
}
