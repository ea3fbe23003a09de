package dev.rivulet.algo.reward;

import java.util.List;

/**
 * The outcome of evaluating a countdown expression.
 *
 * @param value exact value
 * @param literals every integer literal, in order of appearance
 */
record EvaluatedExpression(Rational value, List<Long> literals) {}
