package dev.rivulet.server.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.text.PromptFormat.Template;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written character vocabulary loads in DJL and keeps the character tokenizer's ids. */
class CharVocabularyTest {

    @Test
    void idsAreThoseOfTheCharacterTokenizerItReplaced(@TempDir Path dir) throws Exception {
        CharVocabulary.write(dir);
        String alphabet = CharVocabulary.ALPHABET;
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            int[] ids = tok.encode(alphabet, false);
            for (int i = 0; i < alphabet.length(); i++) {
                String c = alphabet.substring(i, i + 1);
                assertThat(ids[i]).as(c).isEqualTo(3 + i);
                assertThat(tok.idOf(c)).as(c).isEqualTo(3 + i);
            }
            assertThat(tok.padId()).isZero();
            assertThat(tok.bosId()).isEqualTo(1);
            assertThat(tok.eosIds()).containsExactly(2);
            assertThat(tok.vocabSize()).isEqualTo(CharVocabulary.size());
            assertThat(tok.idOf(CharVocabulary.UNK)).isEqualTo(3 + alphabet.length());
            assertThat(tok.encodePrompt("1+2=")).containsExactly(1, 4, 13, 5, 19);
            assertThat(ChatTemplate.from(dir)).isEmpty();
        }
        try (HfTokenizer loaded = CharVocabulary.tokenizer()) {
            assertThat(loaded.encodePrompt("1+2=")).containsExactly(1, 4, 13, 5, 19);
            assertThat(loaded.vocabSize()).isEqualTo(CharVocabulary.size());
        }
    }

    @Test
    void roundTripsAndRefusesUnknownCharacters(@TempDir Path dir) throws Exception {
        CharVocabulary.write(dir);
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            for (String text :
                    new String[] {
                        "0123456789",
                        "  two  spaces ",
                        "line one\nline two\n\n",
                        "Q: (12 + 3) × 4 − 5 = ? answer, 43.",
                        "\"quoted\" 'single' {x} [y] <z> 5% a^b_c #1 & | ~ @ $ ; !",
                        CharVocabulary.ALPHABET
                    }) {
                int[] ids = tok.encode(text, false);
                assertThat(ids).hasSize(text.length());
                assertThat(tok.decode(ids)).isEqualTo(text);
                int[] withBos = tok.encode(text, true);
                assertThat(withBos[0]).isEqualTo(1);
                assertThat(tok.decode(withBos)).isEqualTo(text);
            }
            assertThat(tok.encode("", true)).containsExactly(1);
            assertThat(tok.decode(new int[] {1, tok.idOf("7"), 2, 0})).isEqualTo("7");
            assertThatThrownBy(() -> tok.encode("1÷2", false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot tokenize '÷' of \"1÷2\"");
            assertThatThrownBy(() -> tok.encode("tab\there", false))
                    .hasMessageContaining("cannot tokenize '\t'");
            PromptFormat raw = new PromptFormat(tok, null, Template.RAW, "");
            assertThat(raw.encode("7")).containsExactly(1, tok.idOf("7"));
        }
    }

    @Test
    void refusesRepeatedCharacters(@TempDir Path dir) {
        assertThatThrownBy(() -> CharVocabulary.write(dir, "abca"))
                .hasMessageContaining("'a' is repeated");
    }
}
