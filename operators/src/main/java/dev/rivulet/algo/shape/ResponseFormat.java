package dev.rivulet.algo.shape;

import java.util.Locale;

/**
 * ARM's four reasoning formats, read from a response's text and length (Rivulet's tasks have no
 * format tags, so the format is classified, in this order):
 *
 * <ol>
 *   <li>{@link #CODE}: the text holds a code fence ({@code ```}) or a line that starts with {@code
 *       def }, {@code import }, {@code print(} or {@code return };
 *   <li>{@link #DIRECT}: one line (after trimming) with no letters — a bare answer such as {@code
 *       46}, {@code 3*7+25=46}, {@code [4, 17, 31]} or {@code #### 72}; a blank response is direct;
 *   <li>{@link #LONG_COT}: any other response of at least {@code long-tokens} tokens;
 *   <li>{@link #SHORT_COT}: any other response.
 * </ol>
 */
enum ResponseFormat {
    DIRECT,
    SHORT_COT,
    CODE,
    LONG_COT;

    /** The format's name in reward parts and docs: {@code direct}, {@code short-cot}, ... */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The format of a response.
     *
     * @param text the decoded response
     * @param tokens its length in tokens
     * @param longTokens the length from which worked text counts as long
     */
    static ResponseFormat classify(String text, int tokens, int longTokens) {
        String t = text.strip();
        if (t.contains("```")) {
            return CODE;
        }
        String[] lines = t.split("\\R");
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("def ")
                    || l.startsWith("import ")
                    || l.startsWith("print(")
                    || l.startsWith("return ")) {
                return CODE;
            }
        }
        if (lines.length <= 1 && t.codePoints().noneMatch(Character::isLetter)) {
            return DIRECT;
        }
        return tokens >= longTokens ? LONG_COT : SHORT_COT;
    }
}
