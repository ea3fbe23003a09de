package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each built-in reward's named parts, and the breakdown's own rules. */
class RewardPartsTest {

    /** The parts as a plain ordered map, so that tests compare names, order and values. */
    private static Map<String, Double> parts(String id, String response, Prompt p) {
        RewardFunction f = RewardFunctions.create(id);
        RewardBreakdown b = f.score(response, p);
        assertThat(b.reward()).as("scalar of " + id).isEqualTo(f.reward(response, p));
        return new LinkedHashMap<>(b.parts());
    }

    private static Map<String, Double> of(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void gsm8kFormatIsAnumberAfterTheMarker() {
        Prompt p = RewardTestSupport.prompt("gsm8k", "q", "#### 72");
        assertThat(parts("gsm8k", "so 72\n#### 72", p))
                .containsExactlyEntriesOf(of("correctness", 1, "format", 1));
        assertThat(parts("gsm8k", "#### 71", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 1));
        // correct by its last number, but not in the GSM8K format
        assertThat(parts("gsm8k", "the answer is 72", p))
                .containsExactlyEntriesOf(of("correctness", 1, "format", 0));
        assertThat(parts("gsm8k", "72 ####", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
        assertThat(parts("gsm8k", null, p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
    }

    @Test
    void boxedFormatIsANonEmptyClosedBox() {
        Prompt p = RewardTestSupport.prompt("boxed", "q", "\\frac{1}{2}");
        assertThat(parts("boxed", "so \\boxed{\\dfrac{1}{2}}", p))
                .containsExactlyEntriesOf(of("correctness", 1, "format", 1));
        assertThat(parts("boxed", "\\boxed{3}", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 1));
        assertThat(parts("boxed", "\\frac{1}{2}", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
        assertThat(parts("boxed", "\\boxed{ $ }", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
        assertThat(parts("boxed", "\\boxed{1", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
    }

    @Test
    void arithFormatIsAnIntegerInTheAcceptedForm() {
        Prompt p = RewardTestSupport.prompt("arith", "12+3=", "15");
        assertThat(parts("arith", " 15 ", p))
                .containsExactlyEntriesOf(of("correctness", 1, "format", 1));
        assertThat(parts("arith", "16", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 1));
        assertThat(parts("arith", "fifteen", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
        RewardFunction strict =
                RewardFunctions.registry()
                        .create(
                                "arith",
                                dev.rivulet.core.registry.StrategyOptions.of("strict", "true"));
        assertThat(strict.score("+015", p).parts())
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0));
        assertThat(parts("arith", "+015", p))
                .containsExactlyEntriesOf(of("correctness", 1, "format", 1));
    }

    @Test
    void sortSeparatesTheNumbersFromTheirOrder() {
        Prompt p = RewardTestSupport.prompt("sort", "sort 31 4 17=", "31 4 17");
        assertThat(parts("sort", "[4, 17, 31]", p))
                .containsExactlyEntriesOf(of("correctness", 1, "format", 1, "multiset", 1));
        assertThat(parts("sort", "31 17 4", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 1, "multiset", 1));
        assertThat(parts("sort", "4 17", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 1, "multiset", 0));
        assertThat(parts("sort", "4, 17 and 31", p))
                .containsExactlyEntriesOf(of("correctness", 0, "format", 0, "multiset", 0));
    }

    @Test
    void countdownSeparatesFormatNumbersAndValue() {
        Prompt p = RewardTestSupport.prompt("countdown", "cd 3 7 25 46=", "25+3*7");
        assertThat(parts("countdown", "25 + 3*7 = 46", p))
                .containsExactlyEntriesOf(
                        of("correctness", 1, "format", 1, "numbers", 1, "value", 1));
        // the right value from a number that was not given
        assertThat(parts("countdown", "40+6", p))
                .containsExactlyEntriesOf(
                        of("correctness", 0, "format", 1, "numbers", 0, "value", 1));
        // the given numbers, a wrong value
        assertThat(parts("countdown", "25+3+7", p))
                .containsExactlyEntriesOf(
                        of("correctness", 0, "format", 1, "numbers", 1, "value", 0));
        // a right expression with a wrong claim
        assertThat(parts("countdown", "25+3*7=45", p))
                .containsExactlyEntriesOf(
                        of("correctness", 0, "format", 1, "numbers", 1, "value", 0));
        assertThat(parts("countdown", "twenty-five plus 21", p))
                .containsExactlyEntriesOf(
                        of("correctness", 0, "format", 0, "numbers", 0, "value", 0));
        RewardFunction useAll =
                RewardFunctions.registry()
                        .create(
                                "countdown",
                                dev.rivulet.core.registry.StrategyOptions.of("use-all", "true"));
        Prompt four = RewardTestSupport.prompt("countdown", "cd 3 7 25 1 46=", "x");
        assertThat(useAll.score("25+3*7", four).parts())
                .containsExactlyEntriesOf(
                        of("correctness", 0, "format", 1, "numbers", 0, "value", 1));
    }

    @Test
    void exactAndLambdasReportTheDefaultOnePart() {
        Prompt p = RewardTestSupport.prompt("exact", "q", "yes");
        assertThat(parts("exact", "yes", p)).containsExactlyEntriesOf(of("correctness", 1));
        assertThat(parts("exact", "no", p)).containsExactlyEntriesOf(of("correctness", 0));
        RewardFunction half = (response, prompt) -> 0.5;
        assertThat(half.score("x", p)).isEqualTo(RewardBreakdown.correctness(0.5));
        assertThat(half.score("x", p).parts()).containsExactlyEntriesOf(of("correctness", 0.5));
    }

    @Test
    void breakdownKeepsOrderIsImmutableAndRejectsBadParts() {
        RewardBreakdown b =
                RewardBreakdown.correctness(1.0).with("z", true).with("a", 0.25).with("m", false);
        assertThat(new ArrayList<>(b.parts().keySet()))
                .containsExactly("correctness", "z", "a", "m");
        assertThat(new ArrayList<>(b.parts().values())).containsExactly(1.0, 1.0, 0.25, 0.0);
        assertThatThrownBy(() -> b.parts().put("x", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
        Map<String, Double> source = new LinkedHashMap<>(Map.of("p", 1.0));
        RewardBreakdown copied = new RewardBreakdown(1.0, source);
        source.put("q", 2.0);
        assertThat(copied.parts()).containsOnlyKeys("p");
        assertThatThrownBy(() -> b.with("a", 1.0)).hasMessageContaining("'a' is already set");
        assertThatThrownBy(() -> RewardBreakdown.correctness(1.0).with("nan", Double.NaN))
                .hasMessageContaining("'nan' must be finite, got NaN");
        assertThatThrownBy(() -> RewardBreakdown.correctness(1.0).with(" ", 1.0))
                .hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> RewardBreakdown.correctness(Double.POSITIVE_INFINITY))
                .hasMessageContaining("reward must be finite, got Infinity");
    }
}
