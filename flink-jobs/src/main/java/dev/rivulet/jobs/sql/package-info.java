/**
 * Flink SQL over Rivulet's telemetry: the DDL variants of {@code sql/ddl/} (JSON files of a run
 * directory, or Kafka topics), the monitoring queries of {@code sql/*.sql} run once in batch mode
 * ({@code bin/rivulet sql}) and continuously beside a live job ({@link
 * dev.rivulet.jobs.sql.SqlMonitorJob}).
 */
package dev.rivulet.jobs.sql;
