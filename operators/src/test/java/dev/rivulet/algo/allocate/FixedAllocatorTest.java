package dev.rivulet.algo.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedAllocatorTest {

    @Test
    void everyPromptGetsN() {
        List<PromptEstimate> in =
                List.of(PromptEstimate.valid("a", 0.1), PromptEstimate.unknown("b"));
        Allocation a = BudgetAllocators.registry().create("fixed").allocate(in);
        assertThat(a.promptIds()).containsExactly("a", "b");
        assertThat(a.rollouts()).containsExactly(8, 8);
        assertThat(a.budget()).isEqualTo(16);
        Allocation one =
                BudgetAllocators.registry()
                        .create("fixed", StrategyOptions.of("n", "1"))
                        .allocate(in);
        assertThat(one.rollouts()).containsExactly(1, 1);
        assertThatThrownBy(
                        () ->
                                BudgetAllocators.registry()
                                        .create("fixed", StrategyOptions.of("n", "0")))
                .hasMessageContaining("'fixed': option 'n' must be in [1, inf), got 0");
    }

    @Test
    void registryHasExactlyTheExpectedIdsAndFailsOnUnknownOnes() {
        assertThat(BudgetAllocators.registry().ids()).contains("fixed", "knapsack");
        assertThatThrownBy(() -> BudgetAllocators.registry().create("greedy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown budget allocator 'greedy'")
                .hasMessageContaining("fixed, knapsack");
    }

    @Test
    void everyIdHasADocsPageListingItsOptions() throws IOException {
        for (BudgetAllocatorFactory f : BudgetAllocators.registry().factories()) {
            Path page = Path.of("..", "docs", "algorithms", f.id() + ".md");
            assertThat(page).exists();
            String text = Files.readString(page);
            for (String key : f.options().stream().map(OptionSpec::key).toList()) {
                assertThat(text).as("%s documents option %s", page, key).contains("`" + key + "`");
            }
        }
    }
}
