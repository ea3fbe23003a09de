package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.hint.HintTiers;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

/**
 * The GSM8K and MATH mappings keep the worked solution next to the final answer, so it can serve as
 * a hint; an answer given alone has none.
 */
class WorkedSolutionTest {

    private static Prompt parse(FieldMapping mapping, String row) {
        return ((ParsedPrompt)
                        JsonlPromptParser.create(mapping)
                                .parse(
                                        row.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                        "rows.jsonl",
                                        1))
                .prompt();
    }

    @Test
    void gsm8kKeepsTheRationaleBeforeTheFinalAnswer() {
        Prompt p =
                parse(
                        FieldMapping.gsm8k(),
                        "{\"question\": \"Tom has 40 apples and buys 2. How many?\", \"answer\":"
                                + " \"Tom buys 2 apples.\\nHe has 40+2 = <<40+2=42>>42 apples.\\n####"
                                + " 42\"}");
        assertThat(p.answer()).isEqualTo("42");
        assertThat(p.solution())
                .isEqualTo("Tom buys 2 apples.\nHe has 40+2 = <<40+2=42>>42 apples.");
        assertThat(HintTiers.hint(p, 1, Hint.IN_CONTEXT).text())
                .isEqualTo("Hint: Tom buys 2 apples.");
        assertThat(HintTiers.hint(p, 2, Hint.IN_CONTEXT).text())
                .isEqualTo("Hint: Tom buys 2 apples. He has 40+2 = 42 apples.");
    }

    @Test
    void mathKeepsTheWholeSolutionWithItsBox() {
        Prompt p =
                parse(
                        FieldMapping.math(),
                        "{\"problem\": \"Compute $\\\\frac{1}{2}+\\\\frac{1}{2}$.\", \"solution\":"
                                + " \"Halves add up. So the sum is $\\\\boxed{1}$.\"}");
        assertThat(p.task()).isEqualTo("boxed");
        assertThat(p.answer()).isEqualTo("1");
        assertThat(p.solution()).isEqualTo("Halves add up. So the sum is $\\boxed{1}$.");
        assertThat(HintTiers.tiers(p)).isEqualTo(2);
        assertThat(HintTiers.hint(p, 1, Hint.IN_CONTEXT).text()).isEqualTo("Hint: Halves add up.");
    }

    @Test
    void anAnswerGivenAloneHasNoSolution() {
        Prompt p =
                parse(
                        FieldMapping.defaults(),
                        "{\"id\": \"x\", \"prompt\": \"1+1=\", \"answer\": \"2\", \"task\":"
                                + " \"arith\"}");
        assertThat(p.hasSolution()).isFalse();
        assertThat(p.solution()).isEmpty();
    }
}
