package dev.rivulet.operators.source;

import dev.rivulet.algo.task.DeadLetter;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.RowProblem;
import dev.rivulet.algo.task.RowResult;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a {@link SourceLine} with a {@link JsonlPromptParser}: a line the source cut is a {@code
 * line-too-long} dead letter, and a parser failure is a {@code parser-error} dead letter, so no
 * input throws. Flink-free; the parse functions use it.
 */
final class SourceLineParser {

    private static final Logger LOG = LoggerFactory.getLogger(SourceLineParser.class);

    private final JsonlPromptParser parser;

    SourceLineParser(JsonlPromptParser parser) {
        this.parser = parser;
    }

    RowResult parse(SourceLine line) {
        if (line.truncated()) {
            return new DeadLetter(
                    line.source(),
                    line.line(),
                    RowProblem.LINE_TOO_LONG.code()
                            + ": "
                            + line.length()
                            + " bytes > the source's line limit",
                    new String(line.bytes(), StandardCharsets.UTF_8));
        }
        try {
            return parser.parse(line.bytes(), line.source(), line.line());
        } catch (RuntimeException e) {
            // the parser promises not to throw; if it does, keep the job alive and say so
            LOG.warn("parser failed on {} line {}", line.source(), line.line(), e);
            return new DeadLetter(
                    line.source(),
                    line.line(),
                    "parser-error: " + e,
                    new String(line.bytes(), StandardCharsets.UTF_8));
        }
    }
}
