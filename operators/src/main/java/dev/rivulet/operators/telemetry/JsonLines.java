package dev.rivulet.operators.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The one JSON shape of telemetry files: records as objects whose fields are the components in
 * snake_case ({@code policyVersion} → {@code policy_version}), one object per line.
 *
 * <p>NaN and infinities are written as the strings {@code "NaN"}, {@code "Infinity"} and {@code
 * "-Infinity"} (valid JSON, read back as doubles by Jackson and by Flink's JSON format), never as
 * bare tokens that would break strict readers.
 */
public final class JsonLines {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();

    private JsonLines() {}

    /** The shared, thread-safe mapper (do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code record} as one line of JSON, without the newline. */
    public static String toJson(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + record.getClass().getName(), e);
        }
    }

    /** {@code record} as UTF-8 JSON, without the newline. */
    public static byte[] toBytes(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + record.getClass().getName(), e);
        }
    }

    /** One line of JSON read back as {@code type}. */
    public static <T> T fromJson(String line, Class<T> type) {
        try {
            return MAPPER.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot read a " + type.getSimpleName(), e);
        }
    }
}
