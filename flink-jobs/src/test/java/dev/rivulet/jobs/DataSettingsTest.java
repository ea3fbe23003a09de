package dev.rivulet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data options are checked when the settings are read, not when the job meets a row. */
class DataSettingsTest {

    @Test
    void anUnknownMappingOrTemplateFailsAtStartListingTheKnownNames() {
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.data.fields", "gsm9k")))
                .hasMessageContaining("option rivulet.data.fields has a bad value")
                .hasMessageContaining("known presets: default, gsm8k, math");
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.data.task", "teleport")))
                .hasMessageContaining("default task 'teleport' is not a known task");
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.data.template", "jinja")))
                .hasMessageContaining("must be raw or chat");
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.eval.heldout-fraction", "1.5")))
                .hasMessageContaining("rivulet.eval.heldout-fraction");
    }

    @Test
    void theMappingTemplateAndSplitComeFromTheOptions() {
        JobSettings s =
                JobSettings.of(
                        Map.of(
                                "rivulet.data.fields", "prompt=q,answer=a",
                                "rivulet.data.task", "boxed",
                                "rivulet.data.template", "chat",
                                "rivulet.data.system-prompt", "Be brief.",
                                "rivulet.eval.heldout-fraction", "0.25"));
        assertThat(s.fieldMapping().promptField()).isEqualTo("q");
        assertThat(s.fieldMapping().defaultTask()).isEqualTo("boxed");
        assertThat(s.heldOutSplit().fraction()).isEqualTo(0.25);
        assertThat(s.admission().template()).isEqualTo("chat");
        assertThat(s.loopConfig(PolicyEndpoint.local(1)).generation().systemPrompt())
                .isEqualTo("Be brief.");
        assertThat(
                        JobSettings.of(Map.of("rivulet.eval.prompts", "/x.jsonl"))
                                .heldOutSplit()
                                .fraction())
                .as("an explicit evaluation file: the training file is not split")
                .isZero();
    }
}
