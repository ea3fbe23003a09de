package dev.rivulet.server.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.model.CharTokenizer;
import dev.rivulet.server.text.PromptFormat.Template;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written character vocabulary loads in DJL and gives the old CharTokenizer's ids. */
class CharVocabularyTest {

    @Test
    void sameIdsAsCharTokenizer(@TempDir Path dir) throws Exception {
        CharVocabulary.write(dir);
        CharTokenizer old = new CharTokenizer();
        String alphabet = CharTokenizer.DEFAULT_ALPHABET;
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertThat(tok.encode(alphabet, false)).containsExactly(old.encode(alphabet));
            for (int i = 0; i < alphabet.length(); i++) {
                String c = alphabet.substring(i, i + 1);
                assertThat(tok.idOf(c)).as(c).isEqualTo(old.idOf(c));
            }
            assertThat(tok.padId()).isEqualTo(old.padId()).isZero();
            assertThat(tok.bosId()).isEqualTo(old.bosId()).isEqualTo(1);
            assertThat(tok.eosIds()).containsExactly(old.eosId());
            assertThat(tok.vocabSize()).isEqualTo(old.vocabSize() + 1);
            assertThat(tok.idOf(CharVocabulary.UNK)).isEqualTo(old.vocabSize());
            assertThat(tok.encodePrompt("1+2=")).containsExactly(old.encodePrompt("1+2="));
            assertThat(ChatTemplate.from(dir)).isEmpty();
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
                        CharTokenizer.DEFAULT_ALPHABET
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
