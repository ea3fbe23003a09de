package dev.rivulet.protocol.flight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * The JSON bodies of Flight actions and train results: records as objects, lists as arrays.
 *
 * <p>Unknown properties are ignored (newer peers may add fields); missing ones fail. NaN and
 * infinities are written as strings and read back.
 */
final class Json {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    // a version of NaN or 1.5 must be refused, not read as 0 or 1
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .build();

    private Json() {}

    /** The body of the commit and rollback actions. */
    record VersionArg(long version) {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] body, Class<T> type) throws IOException {
        return MAPPER.readValue(body, type);
    }

    static <T> List<T> readList(byte[] body, Class<T> type) throws IOException {
        JavaType listType = MAPPER.getTypeFactory().constructCollectionType(List.class, type);
        return MAPPER.readValue(body, listType);
    }
}
