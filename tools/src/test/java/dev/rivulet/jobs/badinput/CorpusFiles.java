package dev.rivulet.jobs.badinput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the bad-input corpus from the test resources ({@code /bad-input/}). */
final class CorpusFiles {

    static final String DIR = "/bad-input/";

    /** JSON with the non-standard NaN and Infinity literals the corpus uses on purpose. */
    private static final ObjectMapper LENIENT =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * One manifest line: the kind (jsonl or flight), the case name, where it lives, the expected
     * outcome (dead-letter code or Flight status code) and a substring the message must contain.
     */
    record Case(String kind, String name, String location, String expected, String message) {}

    private CorpusFiles() {}

    static byte[] bytes(String name) {
        try (InputStream in = CorpusFiles.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's cases in order (tab-separated; # starts a comment). */
    static List<Case> manifest() {
        List<Case> out = new ArrayList<>();
        for (String line : new String(bytes("manifest.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalStateException(
                        "manifest line needs 5 tab-separated fields: " + line);
            }
            out.add(new Case(f[0], f[1], f[2], f[3], f[4]));
        }
        return out;
    }

    /** The Flight cases of {@code flight.jsonl} by name. */
    static Map<String, JsonNode> flightCases() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String line : new String(bytes("flight.jsonl"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode c = parse(line);
                if (out.put(c.get("case").asText(), c) != null) {
                    throw new IllegalStateException("duplicate Flight case " + c.get("case"));
                }
            }
        }
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return LENIENT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad corpus JSON: " + json, e);
        }
    }
}
