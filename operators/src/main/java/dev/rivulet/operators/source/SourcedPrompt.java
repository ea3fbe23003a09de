package dev.rivulet.operators.source;

import dev.rivulet.protocol.Prompt;

/**
 * A parsed prompt with the row it came from, so a later refusal can name the file and line.
 *
 * @param prompt the prompt
 * @param source the file it was read from
 * @param line its 1-based line number
 */
public record SourcedPrompt(Prompt prompt, String source, long line) {}
