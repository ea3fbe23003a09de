package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.text.CharVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expansion, grouping and seeding of generation requests, and the device choice. */
class GenerationPlanTest {

    private final PromptEncoder tok = new PromptEncoder(CharVocabulary.tokenizer(), null);
    private final PolicyConfig tiny = PolicyConfig.tiny(tok.tokenizer().vocabSize());

    private static GenerationRequest req(String id, int n, float temp, boolean greedy) {
        return new GenerationRequest(id, "p", "1+2=", n, temp, 1f, 4, 9, greedy);
    }

    @Test
    void expandsSamplesWithDistinctSeedsAndGroupsBySettings() {
        var rows =
                GenerationPlan.rows(
                        List.of(
                                req("a", 3, 1f, false),
                                req("b", 1, 0f, false),
                                req("c", 2, 1f, true)),
                        tok,
                        tiny,
                        6);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).seed()).isNotEqualTo(rows.get(1).seed());
        assertThat(rows.get(0).seed()).isEqualTo(GenerationPlan.sampleSeed(9, 0));
        var chunks = GenerationPlan.chunks(rows, 2);
        // sampled a (3 rows → 2 chunks), then greedy b and c together (3 rows → 2 chunks)
        assertThat(chunks).extracting(List::size).containsExactly(2, 1, 2, 1);
        assertThat(chunks.get(2)).allMatch(GenerationPlan.Row::greedy);
    }

    @Test
    void rejectsOversizedUnknownCharactersAndFullContext() {
        assertThatThrownBy(() -> GenerationPlan.rows(List.of(req("a", 7, 1f, false)), tok, tiny, 6))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("oversized batch of 7 sequences");
        var odd = new GenerationRequest("odd", "p", "1\u00e9", 1, 1f, 1f, 4, 0, false);
        assertThatThrownBy(() -> GenerationPlan.rows(List.of(odd), tok, tiny, 6))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("generate request odd");
        var full = new GenerationRequest("full", "p", "123456789012345", 1, 1f, 1f, 4, 0, false);
        assertThatThrownBy(() -> GenerationPlan.rows(List.of(full), tok, tiny, 6))
                .hasMessageContaining("too long: 16 prompt tokens + 4 new tokens > context 16");
    }

    @Test
    void admitSharesGeneratesCheck() {
        var ok = req("ok", 1, 1f, false);
        // "1+2=" is 5 tokens with BOS: 5 + 11 new tokens = 16 fits, 12 does not
        var fits = new GenerationRequest("fits", "p", "1+2=", 1, 1f, 1f, 11, 0, false);
        var over = new GenerationRequest("over", "p", "1+2=", 1, 1f, 1f, 12, 0, false);
        var odd = new GenerationRequest("odd", "p", "1\u20ac", 1, 1f, 1f, 4, 0, false);
        var chat = ok.withTemplate(GenerationRequest.CHAT, "");
        var got = GenerationPlan.admit(List.of(ok, fits, over, odd, chat), tok, tiny);
        assertThat(got)
                .extracting(a -> a.requestId())
                .containsExactly("ok", "fits", "over", "odd", "ok");
        assertThat(got.get(0).servable()).isTrue();
        assertThat(got.get(0).promptTokens())
                .isEqualTo(tok.tokenizer().encodePrompt("1+2=").length);
        assertThat(got.get(1).servable()).isTrue();
        assertThat(got.get(2).refusal())
                .isEqualTo("too long: 5 prompt tokens + 12 new tokens > context 16");
        assertThat(got.get(3).refusal()).startsWith("cannot be tokenized: ");
        assertThat(got.get(4).refusal())
                .startsWith("cannot be tokenized: prompt template chat needs a chat template");
        assertThatThrownBy(() -> GenerationPlan.rows(List.of(over), tok, tiny, 6))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessage("generate request over: " + got.get(2).refusal());
    }

    @Test
    void hintedRowsKeepThePlainPromptAndGenerateFromTheHintedContext() {
        int[] plain = tok.tokenizer().encodePrompt("1+2=");
        var prefix = req("a", 2, 1f, false).withHint(Hint.answerPrefix("3", 1));
        var context = req("c", 1, 1f, false).withHint(Hint.inContext("2+1=3", 2));
        var rows = GenerationPlan.rows(List.of(prefix, context), tok, tiny, 6);
        assertThat(rows).hasSize(3);
        // answer prefix: plain prompt ids then the prefix's ids, no BOS between them
        assertThat(rows.get(0).promptTokens()).containsExactly(plain);
        int[] withPrefix = java.util.Arrays.copyOf(plain, plain.length + 1);
        withPrefix[plain.length] = tok.tokenizer().encode("3")[0];
        assertThat(rows.get(1).contextTokens()).containsExactly(withPrefix);
        // in context, raw: "hint\nprompt" encoded as a prompt is
        assertThat(rows.get(2).promptTokens()).containsExactly(plain);
        assertThat(rows.get(2).contextTokens())
                .containsExactly(tok.tokenizer().encodePrompt("2+1=3\n1+2="));
        var decode = ProtocolMapping.decodeRequests(rows);
        assertThat(decode.get(2).promptTokens()).containsExactly(rows.get(2).contextTokens());
        // the hinted context counts towards the context length: 5 + 1 + 11 > 16
        var over =
                new GenerationRequest("o", "p", "1+2=", 1, 1f, 1f, 11, 0, false)
                        .withHint(Hint.answerPrefix("3", 1));
        assertThat(GenerationPlan.admit(List.of(over), tok, tiny).get(0).refusal())
                .isEqualTo("too long: 6 hinted prompt tokens + 11 new tokens > context 16");
    }

    @Test
    void deviceChoice() {
        assertThat(DeviceSelection.resolve("cpu", 2)).isEqualTo(Device.cpu());
        assertThat(DeviceSelection.resolve("auto", 0)).isEqualTo(Device.cpu());
        assertThat(DeviceSelection.resolve("auto", 1)).isEqualTo(Device.gpu(0));
        assertThatThrownBy(() -> DeviceSelection.resolve("gpu", 0))
                .hasMessageContaining("sees no GPU");
    }
}
