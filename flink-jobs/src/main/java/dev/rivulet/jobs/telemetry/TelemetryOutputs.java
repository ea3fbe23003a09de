package dev.rivulet.jobs.telemetry;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Every telemetry output of one job: the JSON files under the telemetry directory (always) and the
 * Kafka topics when {@code rivulet.telemetry.kafka.bootstrap} is set.
 */
public final class TelemetryOutputs {

    private final String telemetryDir;
    private final Optional<KafkaTelemetry> kafka;

    public TelemetryOutputs(String telemetryDir, JobSettings settings) {
        this.telemetryDir = telemetryDir;
        this.kafka = KafkaTelemetry.of(settings);
    }

    /** Writes {@code events} as the telemetry table {@code table} to every output. */
    public <T> void write(DataStream<T> events, String table) {
        TelemetrySinks.writeTo(events, telemetryDir, table);
        kafka.ifPresent(k -> k.writeTo(events, table));
    }
}
