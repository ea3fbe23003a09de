package dev.rivulet.server.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Qwen3 tokenizer gives the reference ids; special ids, errors and round trips. */
class HfTokenizerTest {

    @Test
    void qwen3TextsGiveTheReferenceIds() throws Exception {
        JsonNode texts = Fixtures.expected().path("tokenizer").path("texts");
        assertThat(texts.size()).isGreaterThan(5);
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            for (JsonNode t : texts) {
                String text = t.get("text").asText();
                int[] ids = Fixtures.ints(t.get("ids"));
                assertThat(tok.encode(text, false)).as(text).containsExactly(ids);
                // byte-level BPE adds nothing for Qwen, even with special tokens
                assertThat(tok.encode(text, true)).as(text).containsExactly(ids);
                assertThat(tok.decode(ids)).isEqualTo(text);
            }
        }
    }

    @Test
    void qwen3SpecialTokens() throws Exception {
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            assertThat(tok.eosIds()).containsExactly(151645, 151643);
            assertThat(tok.eosId()).isEqualTo(151645);
            assertThat(tok.padId()).isEqualTo(151643);
            assertThat(tok.bosId()).isEqualTo(-1);
            assertThat(tok.bosToken()).isNull();
            assertThat(tok.eosToken()).isEqualTo("<|im_end|>");
            assertThat(tok.vocabSize()).isEqualTo(151669);
            assertThat(tok.idOf("<think>")).isEqualTo(151667);
            assertThat(tok.idOf("no such piece")).isEqualTo(-1);
            assertThat(tok.encodePrompt("12+34=")).containsExactly(16, 17, 10, 18, 19, 28);
            // special tokens in text are matched, and skipped when decoding
            int[] ids = tok.encode("<|im_start|>user\nhi<|im_end|>", false);
            assertThat(ids[0]).isEqualTo(151644);
            assertThat(ids[ids.length - 1]).isEqualTo(151645);
            assertThat(tok.decode(ids)).isEqualTo("user\nhi");
            // ids past the tokenizer (the checkpoint's padded embedding rows, 151 669..151 935)
            // decode to nothing, as in the Hugging Face tokenizers library
            int[] withPadding = {16, 151_913, 17, 200_000};
            assertThat(tok.decode(withPadding)).isEqualTo(tok.decode(new int[] {16, 17}));
            assertThat(tok.decode(new int[] {16, 17})).isEqualTo("12");
            assertThatThrownBy(() -> tok.decode(new int[] {-1}))
                    .hasMessageContaining("negative token id -1");
        }
    }

    @Test
    void longTextsAreNotTruncated() throws Exception {
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.qwen3())) {
            String text = "1".repeat(3000);
            assertThat(tok.encode(text, false)).hasSize(3000);
            assertThat(tok.encode(text, true)).hasSize(3000);
        }
    }

    @Test
    void unknownPiecesAreNamed(@TempDir Path dir) throws Exception {
        Files.copy(
                Fixtures.resource("tokenizers/tiny-wordlevel.json"), dir.resolve("tokenizer.json"));
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"bos_token\":\"<s>\",\"eos_token\":{\"content\":\"</s>\"},"
                        + "\"pad_token\":\"<pad>\"}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertThat(tok.vocabSize()).isEqualTo(22);
            assertThat(tok.bosId()).isEqualTo(1);
            assertThat(tok.eosIds()).containsExactly(2);
            assertThat(tok.padId()).isEqualTo(0);
            int[] ids = tok.encode("1 plus 2 =", false);
            assertThat(ids)
                    .containsExactly(tok.idOf("1"), tok.idOf("plus"), tok.idOf("2"), tok.idOf("="));
            assertThat(tok.decode(ids)).isEqualTo("1 plus 2 =");
            assertThatThrownBy(() -> tok.encode("1 times 2", false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot tokenize 'times' of \"1 times 2\"");
        }
    }

    @Test
    void decodeCleansUpSpacesWhenTheConfigSaysSo(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.qwen3().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"eos_token\":\"<|im_end|>\",\"clean_up_tokenization_spaces\":true}");
        String text = "a , b . I 'm sure it is n't";
        try (HfTokenizer tok = HfTokenizer.load(dir);
                HfTokenizer plain = HfTokenizer.load(Fixtures.qwen3())) {
            assertThat(tok.decode(tok.encode(text, false))).isEqualTo("a, b. I'm sure it isn't");
            assertThat(plain.decode(plain.encode(text, false))).isEqualTo(text);
        }
    }

    @Test
    void eosIdsFallBackToConfigThenTokenizer(@TempDir Path dir) throws Exception {
        Files.copy(
                Fixtures.resource("tokenizers/tiny-wordlevel.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\":\"</s>\"}");
        Files.writeString(dir.resolve("config.json"), "{\"eos_token_id\":[1,2]}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertThat(tok.eosIds()).containsExactly(1, 2);
            assertThat(tok.bosId()).isEqualTo(-1);
            assertThat(tok.padId()).as("pad falls back to eos").isEqualTo(1);
        }
        Files.writeString(dir.resolve("config.json"), "{\"vocab_size\":10}");
        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .hasMessageContaining("does not fit config.json vocab_size 10");
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> HfTokenizer.load(dir)).hasMessageContaining("no tokenizer.json");
    }
}
