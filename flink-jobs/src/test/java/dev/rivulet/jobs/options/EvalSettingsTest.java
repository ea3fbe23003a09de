package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampled evaluation's options as JobSettings reads them. */
class EvalSettingsTest {

    @Test
    void defaultsAndOverrides() {
        var d = JobSettings.of(Map.of()).evalSampling();
        assertThat(d.samples()).isEqualTo(EvalOptions.SAMPLES.defaultValue());
        assertThat(d.temperature()).isEqualTo(1.0);
        var s =
                JobSettings.of(
                                Map.of(
                                        "rivulet.eval.samples", "8",
                                        "rivulet.eval.temperature", "0.6",
                                        "rivulet.eval.top-p", "0.95"))
                        .evalSampling();
        assertThat(s.samples()).isEqualTo(8);
        assertThat(s.temperature()).isEqualTo(0.6);
        assertThat(s.topP()).isEqualTo(0.95);
        assertThat(JobSettings.of(Map.of("rivulet.eval.samples", "0")).evalSampling().samples())
                .isZero();
    }

    @Test
    void badValuesFailWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.eval.samples", "-2")))
                .hasMessageContaining("rivulet.eval.samples")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.eval.temperature", "0")))
                .hasMessageContaining("rivulet.eval.temperature")
                .hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.eval.top-p", "1.5")))
                .hasMessageContaining("got 1.5");
    }
}
