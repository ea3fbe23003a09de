package dev.rivulet.algo.task;

/**
 * A JSONL line holding only whitespace, which readers skip without a dead letter.
 *
 * @param source the file or stream the line came from
 * @param line its 1-based line number
 */
public record BlankLine(String source, long line) implements RowResult {}
