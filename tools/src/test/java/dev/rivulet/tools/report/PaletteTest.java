package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One fixed colour per name. */
class PaletteTest {

    @Test
    void oneDistinctColourPerArmInOrder() {
        Map<String, String> c = Palette.of(List.of("uniform-grpo", "spo", "knapsack-grpo", "spo"));
        assertThat(c.keySet()).containsExactly("uniform-grpo", "spo", "knapsack-grpo");
        assertThat(new HashSet<>(c.values())).hasSize(3);
        assertThat(c.get("uniform-grpo")).isEqualTo(Palette.color(0));
        assertThat(c.get("knapsack-grpo")).isEqualTo(Palette.color(2));
        // the same arm order gives the same colours in every chart
        assertThat(Palette.of(List.of("uniform-grpo", "spo"))).containsEntry("spo", c.get("spo"));
    }

    @Test
    void twentyDistinctColoursThenWraps() {
        var all = new HashSet<String>();
        for (int i = 0; i < Palette.size(); i++) {
            all.add(Palette.color(i));
        }
        assertThat(all).hasSize(20);
        assertThat(Palette.color(20)).isEqualTo(Palette.color(0));
        assertThatThrownBy(() -> Palette.color(-1)).hasMessageContaining("-1");
    }
}
