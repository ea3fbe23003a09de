package dev.rivulet.algo.task;

/** Finds the content of the last {@code \boxed{...}} in a text, with nested braces balanced. */
public final class BoxedAnswer {

    private static final String BOXED = "\\boxed{";

    private BoxedAnswer() {}

    /**
     * The content of the last complete {@code \boxed{...}} of {@code text} (for {@code
     * "\boxed{\frac{1}{2}}"}: {@code "\frac{1}{2}"}), or null when there is none or its braces do
     * not close.
     */
    public static String last(String text) {
        int from = text.length();
        while (true) {
            int at = text.lastIndexOf(BOXED, from);
            if (at < 0) {
                return null;
            }
            String content = content(text, at + BOXED.length());
            if (content != null) {
                return content;
            }
            from = at - 1;
            if (from < 0) {
                return null;
            }
        }
    }

    /** The text from {@code start} to the brace that closes the one before it, or null. */
    private static String content(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i++; // an escaped character, such as \{ or \}, does not count
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(start, i);
            }
        }
        return null;
    }
}
