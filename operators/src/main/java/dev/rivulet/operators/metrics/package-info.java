/** Flink metric adapters shared by the operators (Flink-only; no operator logic). */
package dev.rivulet.operators.metrics;
