/**
 * Where the job's telemetry goes: the JSON files ({@code TelemetrySinks}) and, when configured,
 * Kafka topics in the same JSON shape ({@link dev.rivulet.jobs.telemetry.KafkaTelemetry}).
 */
package dev.rivulet.jobs.telemetry;
