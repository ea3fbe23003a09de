/** Telemetry events the operators emit as side outputs for Flink SQL and files. */
package dev.rivulet.operators.telemetry;
