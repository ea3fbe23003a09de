package dev.rivulet.tools.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.server.pretrain.Example;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pretraining pairs come from the mix's training stream, fit the context, avoid the held-out set.
 */
class PretrainDataTest {

    private final HfTokenizer tok = CharVocabulary.tokenizer();

    @Test
    void batchesFitTheContextAndAreNeverHeldOut() {
        TaskMix mix = TaskMix.defaultMix();
        PretrainData data = new PretrainData(mix, 3, tok, 64);
        List<Example> batch = data.nextBatch(200);
        assertThat(batch).hasSize(200);
        HeldOutSplit split = mix.split();
        Set<String> heldOutTexts = new HashSet<>();
        data.heldOut(20).values().forEach(ps -> ps.forEach(p -> heldOutTexts.add(p.text())));
        assertThat(heldOutTexts).isNotEmpty();
        for (Example e : batch) {
            assertThat(tok.encodePrompt(e.prompt()).length + tok.encode(e.answer()).length + 1)
                    .isLessThanOrEqualTo(64);
            assertThat(heldOutTexts).doesNotContain(e.prompt());
        }
        assertThat(split.fraction()).isPositive();
        // the same seed gives the same stream
        assertThat(new PretrainData(mix, 3, tok, 64).nextBatch(200)).isEqualTo(batch);
    }

    @Test
    void aContextTooShortForAnyPromptFailsLoudly() {
        PretrainData data = new PretrainData(TaskMix.parse("arith(ops=+):4@1"), 1, tok, 8);
        assertThatThrownBy(() -> data.nextBatch(4)).hasMessageContaining("fits the context 8");
    }

    @Test
    void cacheKeyChangesWithEverythingThatChangesTheModel() {
        PretrainSpec a = PretrainSpec.of("arith:1@1", "small", Duration.ofMinutes(3), 0);
        assertThat(a.cacheKey()).startsWith("small-180s-seed0-");
        assertThat(PretrainSpec.of("arith:1@1", "small", Duration.ofMinutes(3), 1).cacheKey())
                .isNotEqualTo(a.cacheKey());
        assertThat(PretrainSpec.of("arith:2@1", "small", Duration.ofMinutes(3), 0).cacheKey())
                .isNotEqualTo(a.cacheKey());
    }
}
