package dev.rivulet.operators.telemetry;

import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A {@link SerializationSchema} writing each record as one {@link JsonLines} JSON object (UTF-8, no
 * newline): the message value of the Kafka telemetry sink, byte for byte a line of the files that
 * {@link JsonLinesEncoder} writes.
 *
 * @param <T> the record type
 */
public final class JsonLinesSerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(T element) {
        return JsonLines.toBytes(element);
    }
}
