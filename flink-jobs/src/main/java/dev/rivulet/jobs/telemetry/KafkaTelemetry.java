package dev.rivulet.jobs.telemetry;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.jobs.options.TelemetryOptions;
import dev.rivulet.operators.telemetry.JsonLinesSerializationSchema;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * The Kafka telemetry sink: each table to the topic {@code <topicPrefix><table>}, one {@link
 * JsonLinesSerializationSchema} JSON row per message (the files' lines, without the newline), no
 * key.
 *
 * <p>With {@link DeliveryGuarantee#EXACTLY_ONCE} (the default) every subtask writes inside a Kafka
 * transaction that commits when the checkpoint completes: a row becomes visible to {@code
 * read_committed} readers at the same moment its file part is committed, and rows replayed after a
 * restore belong to aborted transactions. The transactional ids are {@code
 * <transactionalIdPrefix>-<table>-...}.
 *
 * @param bootstrap broker list
 * @param topicPrefix prefix of the topic names
 * @param delivery delivery guarantee
 * @param transactionalIdPrefix prefix of the transactional ids (exactly-once only)
 * @param transactionTimeout {@code transaction.timeout.ms} of the producers
 */
public record KafkaTelemetry(
        String bootstrap,
        String topicPrefix,
        DeliveryGuarantee delivery,
        String transactionalIdPrefix,
        Duration transactionTimeout)
        implements Serializable {

    /** Prefix of the Kafka sink operators' uids; the table name follows. */
    public static final String UID_PREFIX = "rivulet-telemetry-kafka-";

    /** The Kafka telemetry of {@code settings}, or empty when no bootstrap servers are set. */
    public static Optional<KafkaTelemetry> of(JobSettings settings) {
        String bootstrap = settings.get(TelemetryOptions.KAFKA_BOOTSTRAP).trim();
        if (bootstrap.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new KafkaTelemetry(
                        bootstrap,
                        settings.get(TelemetryOptions.KAFKA_TOPIC_PREFIX),
                        settings.get(TelemetryOptions.KAFKA_DELIVERY),
                        settings.get(TelemetryOptions.KAFKA_TRANSACTIONAL_ID_PREFIX),
                        settings.get(TelemetryOptions.KAFKA_TRANSACTION_TIMEOUT)));
    }

    /** The topic of {@code table}. */
    public String topic(String table) {
        return topicPrefix + table;
    }

    /** A sink writing records as JSON rows to {@link #topic(String)}. */
    public <T> KafkaSink<T> sink(String table) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic(table))
                                .setValueSerializationSchema(new JsonLinesSerializationSchema<T>())
                                .build())
                .setDeliveryGuarantee(delivery)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + table)
                .setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()))
                .build();
    }

    /**
     * Adds a sink writing {@code events} to the table's topic, named {@code
     * telemetry-kafka-<table>} with uid {@link #UID_PREFIX}{@code <table>}.
     */
    public <T> DataStreamSink<T> writeTo(DataStream<T> events, String table) {
        return events.sinkTo(this.<T>sink(table))
                .name("telemetry-kafka-" + table)
                .uid(UID_PREFIX + table);
    }
}
