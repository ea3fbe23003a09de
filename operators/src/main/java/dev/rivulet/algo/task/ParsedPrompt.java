package dev.rivulet.algo.task;

import dev.rivulet.protocol.Prompt;

/**
 * A JSONL line that became a prompt.
 *
 * @param prompt the prompt read from the line
 */
public record ParsedPrompt(Prompt prompt) implements RowResult {}
