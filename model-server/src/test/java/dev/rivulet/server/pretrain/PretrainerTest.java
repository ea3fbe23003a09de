package dev.rivulet.server.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm-up lowers the loss on a tiny task and its model directory loads back. */
class PretrainerTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();

    @Test
    void lowersLossOnTinyAdditionTask(@TempDir Path tmp) throws Exception {
        List<Example> data = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                data.add(new Example(a + "+" + b + "=", Integer.toString(a + b)));
            }
        }
        try (TransformerPolicy policy =
                TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 3)) {
            Pretrainer pre = new Pretrainer(policy, TOK, new PretrainConfig(6, 25, 3e-3, 0.0, 1));
            double before = pre.evaluate(data);
            List<PretrainProgress> seen = new ArrayList<>();
            PretrainResult result = pre.train(data, seen::add);
            double after = pre.evaluate(data);

            assertThat(seen).hasSize(24);
            assertThat(seen.get(23).step()).isEqualTo(24);
            assertThat(result.epochLosses()).hasSize(6);
            assertThat(result.stepLosses()).hasSize(24);
            assertThat(result.finalLoss()).isLessThan(result.epochLosses().get(0));
            assertThat(after).isLessThan(before * 0.6);

            Path dir = tmp.resolve("base");
            pre.save(dir);
            try (TransformerPolicy loaded = ModelDir.loadPolicy(dir)) {
                assertThat(loaded.exportParameters()).isDeepEqualTo(policy.exportParameters());
            }
        }
    }

    @Test
    void rejectsExamplesThatDoNotFit() {
        try (TransformerPolicy policy =
                TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 3)) {
            Pretrainer pre = new Pretrainer(policy, TOK, PretrainConfig.defaults());
            assertThatThrownBy(
                            () -> pre.train(List.of(new Example("123456789+123456=", "1")), null))
                    .hasMessageContaining("context is 16");
            assertThatThrownBy(() -> pre.train(List.of(new Example("1÷2=", "1")), null))
                    .hasMessageContaining("cannot tokenize '÷'");
        }
    }
}
