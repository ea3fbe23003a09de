package dev.rivulet.server.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the optional JSON side files of a Hugging Face model directory. */
final class ModelFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {}

    /** The parsed file, or a missing node when the file does not exist. */
    static JsonNode readOptional(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A special token field of {@code tokenizer_config.json}: a plain string or an AddedToken
     * object with a {@code content}; null when absent or null.
     */
    static String tokenString(JsonNode field) {
        if (field == null || field.isMissingNode() || field.isNull()) {
            return null;
        }
        if (field.isTextual()) {
            return field.asText();
        }
        JsonNode content = field.path("content");
        return content.isTextual() ? content.asText() : null;
    }
}
