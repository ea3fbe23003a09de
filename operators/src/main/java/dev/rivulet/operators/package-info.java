/** Thin Flink operators that adapt the strategies of {@code dev.rivulet.algo}. */
package dev.rivulet.operators;
