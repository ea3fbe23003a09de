package dev.rivulet.algo.reward;

import java.util.List;

/**
 * The outcome of evaluating a countdown expression.
 *
 * @param value exact value
 * @param literals every integer literal, in order of appearance
 * @param steps the value of each binary operation, in the order they are evaluated
 */
record EvaluatedExpression(Rational value, List<Long> literals, List<Rational> steps) {}
