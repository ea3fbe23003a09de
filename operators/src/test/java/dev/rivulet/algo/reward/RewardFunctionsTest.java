package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardFunctionsTest {

    private static final List<String> GARBAGE =
            List.of(
                    "",
                    " ",
                    "\u0000",
                    "((((((((((",
                    "}}}{{{",
                    "\\boxed{",
                    "####",
                    "1/0",
                    "-",
                    "+",
                    "1e999999999",
                    "9".repeat(100_000),
                    "(".repeat(10_000) + "1" + ")".repeat(10_000),
                    "١٢٣",
                    "\uD83D\uDE00",
                    "\uD800",
                    "NaN",
                    "Infinity");

    @Test
    void registryListsAllSixIds() {
        assertThat(RewardFunctions.registry().ids())
                .contains("arith", "boxed", "countdown", "exact", "gsm8k", "sort");
    }

    @Test
    void unknownIdListsKnownIds() {
        assertThatThrownBy(() -> RewardFunctions.create("math"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown reward function 'math'")
                .hasMessageContaining("arith, boxed, countdown, exact, gsm8k, sort");
    }

    @Test
    void unknownOptionIsRejected() {
        assertThatThrownBy(
                        () ->
                                RewardFunctions.registry()
                                        .create("arith", StrategyOptions.of("strictt", "true")))
                .hasMessageContaining("strictt");
    }

    @Test
    void noRewardFunctionThrowsOnGarbageOrNull() {
        List<Prompt> prompts =
                List.of(
                        RewardTestSupport.prompt("arith", "12+3=", "15"),
                        RewardTestSupport.prompt("countdown", "cd 3 7 25 46=", "25+3*7"),
                        RewardTestSupport.prompt("sort", "sort 3 1=", "1 3"),
                        RewardTestSupport.prompt("gsm8k", "q", "#### 72"),
                        RewardTestSupport.prompt("boxed", "q", "\\boxed{72}"),
                        RewardTestSupport.prompt("exact", "q", "yes"),
                        RewardTestSupport.prompt("exact", "garbage reference", "\\boxed{(("));
        for (String id : RewardFunctions.registry().ids()) {
            RewardFunction f = RewardFunctions.create(id);
            for (Prompt p : prompts) {
                for (String response : GARBAGE) {
                    assertThat(f.reward(response, p)).as(id + " on " + p).isEqualTo(0.0);
                    RewardBreakdown b = f.score(response, p);
                    assertThat(b.reward()).as(id + " breakdown on " + p).isEqualTo(0.0);
                    assertThat(b.parts()).as(id).containsEntry("correctness", 0.0);
                }
                assertThat(f.reward(null, p)).isEqualTo(0.0);
                assertThat(f.score(null, p).parts().values()).as(id).containsOnly(0.0);
            }
            assertThat(f.reward("1", null)).isEqualTo(0.0);
            assertThat(f.score("1", null).reward()).isEqualTo(0.0);
        }
    }
}
