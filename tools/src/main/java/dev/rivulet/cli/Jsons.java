package dev.rivulet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** One-line JSON output of the commands. */
final class Jsons {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jsons() {}

    static String line(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
