package dev.rivulet.algo.hint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

/** Tier texts: leading answer digits, first solution sentences, and prompts without tiers. */
class HintTiersTest {

    private static final String GSM8K_SOLUTION =
            "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
                    + "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.";

    private final Prompt gsm8k =
            new Prompt("g", "gsm8k", 0, "Natalia sold clips...", "72", GSM8K_SOLUTION);
    private final Prompt math =
            new Prompt(
                    "m",
                    "boxed",
                    0,
                    "What is 2+3?",
                    "5",
                    "We add. Two plus three is five! So the answer is $\\boxed{5}$.");

    @Test
    void solutionTiersAreItsFirstSentencesWithoutCalculatorAnnotations() {
        assertThat(HintTiers.tiers(gsm8k)).isEqualTo(2);
        assertThat(HintTiers.hint(gsm8k, 1, Hint.IN_CONTEXT))
                .isEqualTo(Hint.inContext("Hint: Natalia sold 48/2 = 24 clips in May.", 1));
        // level above the tiers: the whole solution, at the capped level
        Hint top = HintTiers.hint(gsm8k, 5, Hint.IN_CONTEXT);
        assertThat(top.level()).isEqualTo(2);
        assertThat(top.text()).endsWith("72 clips altogether in April and May.");
        assertThat(HintTiers.tiers(math)).isEqualTo(3);
        assertThat(HintTiers.hint(math, 2, Hint.ANSWER_PREFIX))
                .isEqualTo(Hint.answerPrefix("We add. Two plus three is five! ", 2));
    }

    @Test
    void answerTiersAreLeadingCharacters() {
        Prompt arith = new Prompt("a", "arith", 3, "123+45=", "168");
        assertThat(HintTiers.tiers(arith)).isEqualTo(3);
        assertThat(HintTiers.hint(arith, 2, Hint.IN_CONTEXT).text())
                .isEqualTo("Hint: the answer starts with 16");
        assertThat(HintTiers.hint(arith, 3, Hint.IN_CONTEXT).text())
                .isEqualTo("Hint: the answer is 168");
        assertThat(HintTiers.hint(arith, 9, Hint.ANSWER_PREFIX))
                .isEqualTo(Hint.answerPrefix("168", 3));
    }

    @Test
    void aPromptWithoutTiersGetsNoHint() {
        Prompt empty = new Prompt("e", "exact", 0, "Say nothing.", "");
        assertThat(HintTiers.tiers(empty)).isZero();
        assertThat(HintTiers.hint(empty, 1, Hint.IN_CONTEXT)).isEqualTo(Hint.NONE);
        assertThatThrownBy(() -> HintTiers.hint(empty, 0, Hint.IN_CONTEXT))
                .hasMessageContaining("hint tier must be >= 1, got 0");
    }
}
