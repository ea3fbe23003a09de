package dev.rivulet.jobs.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** mean@k and pass@k over prompts and cells of an evaluation, computed by hand. */
class SampledEvalTest {

    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    private static SampledEval fourSamples() {
        Map<String, int[]> cells = new LinkedHashMap<>();
        cells.put("easy", new int[] {4, 2}); // mean 6/8, pass@4 1
        cells.put("hard", new int[] {0, 1}); // mean 1/8, pass@4 1/2
        return new SampledEval(4, 1.0, 1.0, cells, 7);
    }

    @Test
    void overallFiguresAreMicroAveragesOverPrompts() {
        SampledEval s = fourSamples();
        assertThat(s.enabled()).isTrue();
        assertThat(s.meanAtK()).isCloseTo(7.0 / 16, EXACT);
        assertThat(s.passAtK()).isCloseTo(3.0 / 4, EXACT);
        assertThat(s.passAt(1)).isCloseTo(s.meanAtK(), EXACT);
        // pass@2 per prompt: c=4 -> 1, c=2 -> 1-1/6, c=0 -> 0, c=1 -> 1/2
        assertThat(s.passAt(2)).isCloseTo((1 + 5.0 / 6 + 0 + 0.5) / 4, EXACT);
    }

    @Test
    void perCellFigures() {
        SampledEval s = fourSamples();
        assertThat(s.meanByCell().get("easy")).isCloseTo(0.75, EXACT);
        assertThat(s.meanByCell().get("hard")).isCloseTo(0.125, EXACT);
        assertThat(s.passAtKByCell().get("easy")).isEqualTo(1.0);
        assertThat(s.passAtKByCell().get("hard")).isCloseTo(0.5, EXACT);
        assertThat(s.passAtKByCell()).containsOnlyKeys("easy", "hard");
    }

    @Test
    void offAndEmpty() {
        assertThat(SampledEval.NONE.enabled()).isFalse();
        assertThat(SampledEval.NONE.meanAtK()).isZero();
        assertThat(new SampledEval(4, 1, 1, Map.of("c", new int[0]), 0).meanByCell())
                .containsEntry("c", 0.0);
        assertThatThrownBy(() -> new SampledEval(4, 1, 1, Map.of("c", new int[] {5}), 0))
                .hasMessageContaining("cell c has a prompt with 5 correct of 4 samples");
    }
}
