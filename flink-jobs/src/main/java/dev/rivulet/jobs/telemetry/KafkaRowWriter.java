package dev.rivulet.jobs.telemetry;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes JSON rows produced outside the Flink job (the driver's held-out evaluations) to one
 * telemetry topic: an idempotent producer with {@code acks=all}, each row sent synchronously, so a
 * row is in Kafka (visible to {@code read_committed} readers too) when {@link #send} returns.
 */
public final class KafkaRowWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    /** A writer to {@code kafka}'s topic of {@code table}. */
    public KafkaRowWriter(KafkaTelemetry kafka, String table) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p);
        this.topic = kafka.topic(table);
    }

    /** Sends one row and waits (up to 30 s) until the broker has it. */
    public void send(String json) {
        try {
            producer.send(new ProducerRecord<>(topic, json)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write a telemetry row to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
