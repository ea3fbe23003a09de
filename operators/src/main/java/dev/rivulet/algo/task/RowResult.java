package dev.rivulet.algo.task;

/**
 * What {@link JsonlPromptParser} makes of one line: a {@link ParsedPrompt}, a {@link DeadLetter} or
 * a {@link BlankLine}.
 */
public sealed interface RowResult permits ParsedPrompt, DeadLetter, BlankLine {}
