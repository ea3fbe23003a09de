package dev.rivulet.algo.task;

/**
 * A partial countdown expression built by {@link CountdownTask}.
 *
 * @param value its exact value, a positive integer
 * @param expression its text with the parentheses it needs
 * @param precedence how tightly its outermost operator binds: 3 atom, 2 product, 1 sum
 */
record CountdownNode(long value, String expression, int precedence) {}
