package dev.rivulet.algo.shape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseFormatTest {

    private static ResponseFormat of(String text, int tokens) {
        return ResponseFormat.classify(text, tokens, 8);
    }

    @Test
    void bareAnswersAreDirect() {
        assertThat(of("46", 2)).isEqualTo(ResponseFormat.DIRECT);
        assertThat(of("  -46 \n", 4)).isEqualTo(ResponseFormat.DIRECT);
        assertThat(of("3*7+25=46", 9)).isEqualTo(ResponseFormat.DIRECT);
        assertThat(of("[4, 17, 31]", 11)).isEqualTo(ResponseFormat.DIRECT);
        assertThat(of("#### 72", 7)).isEqualTo(ResponseFormat.DIRECT);
        assertThat(of("", 0)).isEqualTo(ResponseFormat.DIRECT);
    }

    @Test
    void workedTextIsShortOrLongByTokens() {
        assertThat(of("12+34 is 46", 7)).isEqualTo(ResponseFormat.SHORT_COT);
        assertThat(of("12+34 is 46", 8)).isEqualTo(ResponseFormat.LONG_COT);
        // two lines of digits are worked steps, not a bare answer
        assertThat(of("12+34=46\n46", 5)).isEqualTo(ResponseFormat.SHORT_COT);
    }

    @Test
    void codeIsRecognised() {
        assertThat(of("```\n12+34\n```", 3)).isEqualTo(ResponseFormat.CODE);
        assertThat(of("print(12+34)", 12)).isEqualTo(ResponseFormat.CODE);
        assertThat(of("x = 1\nreturn x", 9)).isEqualTo(ResponseFormat.CODE);
        // "define" is prose, not a def line
        assertThat(of("define x", 3)).isEqualTo(ResponseFormat.SHORT_COT);
    }

    @Test
    void idsAreKebabCase() {
        assertThat(ResponseFormat.SHORT_COT.id()).isEqualTo("short-cot");
        assertThat(ResponseFormat.DIRECT.id()).isEqualTo("direct");
    }
}
