package dev.rivulet.algo.hint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

/** Scaf-GRPO's level rules, hand-computed, and their degenerate cases. */
class ScaffoldHintsTest {

    private final HintPolicy scaffold = HintPolicies.registry().create("scaffold");
    private final Prompt arith = new Prompt("a", "arith", 4, "4821+3377=", "8198");

    private static HintState s(int level, int failures) {
        return new HintState(level, failures);
    }

    @Test
    void stagnationAfterKFailedRolloutsRaisesTheLevelOnce() {
        // k = 8: one all-wrong group of 8 from (0, 0) -> level 1, failures reset
        assertThat(scaffold.update(HintState.PLAIN, 8, 0)).isEqualTo(s(1, 0));
        // two groups of 4: the first counts 4 failures, the second reaches k
        HintState after4 = scaffold.update(HintState.PLAIN, 4, 0);
        assertThat(after4).isEqualTo(s(0, 4));
        assertThat(scaffold.update(after4, 4, 0)).isEqualTo(s(1, 0));
        // 7 failures then a group of 16 all wrong: one level per visit, never two
        assertThat(scaffold.update(s(0, 7), 16, 0)).isEqualTo(s(1, 0));
        // SPO-style single rollouts: 8 visits of one failure each
        HintState t = HintState.PLAIN;
        for (int i = 0; i < 7; i++) {
            t = scaffold.update(t, 1, 0);
        }
        assertThat(t).isEqualTo(s(0, 7));
        assertThat(scaffold.update(t, 1, 0)).isEqualTo(s(1, 0));
    }

    @Test
    void theLevelKeepsRisingWhileThePromptFailsUpToMaxLevel() {
        assertThat(scaffold.update(s(1, 0), 8, 0)).isEqualTo(s(2, 0));
        assertThat(scaffold.update(s(2, 0), 8, 0)).isEqualTo(s(3, 0));
        // max-level 3: failures accumulate, the level stays
        assertThat(scaffold.update(s(3, 0), 8, 0)).isEqualTo(s(3, 8));
        assertThat(scaffold.update(s(3, 8), 8, 0)).isEqualTo(s(3, 16));
    }

    @Test
    void theLevelFallsAsThePromptSucceeds() {
        // 4 of 8 = 0.5 >= down-at 0.5: one level down, failures reset
        assertThat(scaffold.update(s(2, 5), 8, 4)).isEqualTo(s(1, 0));
        // 3 of 8 < 0.5: the level is right (a mixed group), it stays; failures reset
        assertThat(scaffold.update(s(2, 5), 8, 3)).isEqualTo(s(2, 0));
        // at level 0 a success only resets the failures
        assertThat(scaffold.update(s(0, 6), 8, 8)).isEqualTo(s(0, 0));
        // single rollouts: one success at level 1 -> 1/1 >= 0.5 -> plain again
        assertThat(scaffold.update(s(1, 3), 1, 1)).isEqualTo(s(0, 0));
    }

    @Test
    void optionsChangeTheThresholds() {
        HintPolicy p =
                HintPolicies.registry()
                        .create(
                                "scaffold",
                                StrategyOptions.of("k", "16", "max-level", "1", "down-at", "1"));
        assertThat(p.update(HintState.PLAIN, 8, 0)).isEqualTo(s(0, 8));
        assertThat(p.update(s(0, 8), 8, 0)).isEqualTo(s(1, 0));
        assertThat(p.update(s(1, 0), 16, 0)).isEqualTo(s(1, 16));
        assertThat(p.update(s(1, 0), 8, 7)).isEqualTo(s(1, 0));
        assertThat(p.update(s(1, 0), 8, 8)).isEqualTo(s(0, 0));
    }

    @Test
    void hintsFollowTheLevel() {
        // the default kind: the answer's leading digits open the answer
        assertThat(scaffold.hint(arith, HintState.PLAIN)).isEqualTo(Hint.NONE);
        assertThat(scaffold.hint(arith, s(1, 0))).isEqualTo(Hint.answerPrefix("8", 1));
        assertThat(scaffold.hint(arith, s(3, 0))).isEqualTo(Hint.answerPrefix("819", 3));
        HintPolicy inContext =
                HintPolicies.registry()
                        .create("scaffold", StrategyOptions.of("kind", "in-context"));
        assertThat(inContext.hint(arith, s(2, 0)))
                .isEqualTo(Hint.inContext("Hint: the answer starts with 81", 2));
    }

    @Test
    void degenerateVisitsAndBadOptions() {
        // an empty visit changes nothing
        assertThat(scaffold.update(s(2, 3), 0, 0)).isEqualTo(s(2, 3));
        assertThatThrownBy(() -> scaffold.update(s(0, 0), 2, 3))
                .hasMessageContaining("0 <= successes <= samples, got 3 of 2");
        assertThatThrownBy(
                        () ->
                                HintPolicies.registry()
                                        .create("scaffold", StrategyOptions.of("k", "0")))
                .hasMessageContaining("k");
        assertThatThrownBy(
                        () ->
                                HintPolicies.registry()
                                        .create("scaffold", StrategyOptions.of("kind", "prefix")))
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> HintPolicies.registry().create("scafold"))
                .hasMessageContaining("scaffold")
                .hasMessageContaining("none");
        // none never hints and never moves
        HintPolicy none = HintPolicies.registry().create(HintPolicies.NONE);
        assertThat(none.hint(arith, s(3, 0))).isEqualTo(Hint.NONE);
        assertThat(none.update(HintState.PLAIN, 8, 0)).isEqualTo(HintState.PLAIN);
    }
}
