package dev.rivulet.operators.source;

/**
 * One line of a JSONL file as raw bytes, without its line terminator ({@code \n} or {@code \r\n}),
 * undecoded so that the parser can report invalid UTF-8.
 *
 * <p>A line longer than the source's limit arrives truncated: {@code bytes} holds only its first
 * bytes and {@code length} its true length, so {@link #truncated()} is true.
 *
 * @param source the file the line came from
 * @param line the 1-based line number within the file
 * @param bytes the line's bytes (all of them unless truncated)
 * @param length the line's true length in bytes
 */
public record SourceLine(String source, long line, byte[] bytes, long length) {

    /** A complete line. */
    public SourceLine(String source, long line, byte[] bytes) {
        this(source, line, bytes, bytes.length);
    }

    /** Whether {@code bytes} holds only a prefix of the line. */
    public boolean truncated() {
        return length > bytes.length;
    }
}
