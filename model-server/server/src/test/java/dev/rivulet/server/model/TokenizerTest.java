package dev.rivulet.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Character tokenizer round trips and errors. */
class TokenizerTest {

    @Test
    void charTokenizerRoundTripsAndRejectsUnknown() {
        CharTokenizer tok = new CharTokenizer();
        String text = "Q: (12 + 3) × 4 − 5 = ? answer, 43.";
        assertThat(tok.decode(tok.encode(text))).isEqualTo(text);
        int[] prompt = tok.encodePrompt("1+2=");
        assertThat(prompt[0]).isEqualTo(tok.bosId());
        assertThat(tok.decode(new int[] {tok.bosId(), tok.idOf("7"), tok.eosId(), tok.padId()}))
                .isEqualTo("7");
        assertThat(tok.vocabSize()).isEqualTo(3 + CharTokenizer.DEFAULT_ALPHABET.length());
        assertThatThrownBy(() -> tok.encode("1÷2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown character '÷' (U+00F7) at index 1");
        assertThatThrownBy(() -> tok.decode(new int[] {1000}))
                .hasMessageContaining("outside vocabulary");
        assertThat(tok.idOf("ab")).isEqualTo(-1);
    }
}
