package dev.rivulet.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** Maps a Hugging Face config.json to a {@link PolicyConfig} and back. */
final class ConfigJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJson() {}

    static PolicyConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a readable config.json: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static PolicyConfig parse(JsonNode c) {
        JsonNode type = c.get("model_type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException(
                    "missing model_type; supported: " + ModelFamily.supported());
        }
        ModelFamily family = ModelFamily.of(type.asText());
        String act = text(c, "hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException(
                    "unsupported hidden_act '" + act + "'; only silu is supported");
        }
        if (c.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException("mlp_bias true is not supported");
        }
        if (c.path("use_sliding_window").asBoolean(false)) {
            throw new IllegalArgumentException("use_sliding_window true is not supported");
        }
        int hidden = required(c, "hidden_size");
        int heads = required(c, "num_attention_heads");
        if (!present(c, "head_dim") && hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "no head_dim and hidden_size "
                            + hidden
                            + " is not divisible by num_attention_heads "
                            + heads);
        }
        JsonNode ropeParams = c.get("rope_parameters");
        boolean v5 = ropeParams != null && ropeParams.isObject();
        double theta =
                v5
                        ? number(ropeParams, "rope_theta", number(c, "rope_theta", 10000.0))
                        : number(c, "rope_theta", 10000.0);
        RopeScaling scaling = scaling(v5 ? ropeParams : c.get("rope_scaling"));
        double partial = number(v5 ? ropeParams : c, "partial_rotary_factor", 1.0);
        if (partial != 1.0) {
            throw new IllegalArgumentException(
                    "partial_rotary_factor " + partial + " is not supported (only 1.0)");
        }
        int defaultContext = family == ModelFamily.LLAMA ? 2048 : 32768;
        return new PolicyConfig(
                family,
                required(c, "vocab_size"),
                hidden,
                required(c, "intermediate_size"),
                required(c, "num_hidden_layers"),
                heads,
                optional(c, "num_key_value_heads", heads),
                optional(c, "head_dim", present(c, "head_dim") ? 0 : hidden / heads),
                theta,
                scaling,
                number(c, "rms_norm_eps", 1e-6),
                c.path("tie_word_embeddings").asBoolean(false),
                family == ModelFamily.QWEN2 || c.path("attention_bias").asBoolean(false),
                optional(c, "max_position_embeddings", defaultContext));
    }

    private static RopeScaling scaling(JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        String kind = s.has("rope_type") ? s.get("rope_type").asText() : text(s, "type", "default");
        return switch (kind) {
            case "default" -> null;
            case "linear" -> RopeScaling.linear(number(s, "factor", Double.NaN));
            case "llama3" ->
                    RopeScaling.llama3(
                            number(s, "factor", Double.NaN),
                            number(s, "low_freq_factor", Double.NaN),
                            number(s, "high_freq_factor", Double.NaN),
                            (int) number(s, "original_max_position_embeddings", 0));
            default ->
                    throw new IllegalArgumentException(
                            "unsupported rope_scaling type '"
                                    + kind
                                    + "'; supported: default (none), linear, llama3");
        };
    }

    static void write(PolicyConfig p, Path file) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(p.family().architecture());
        c.put("model_type", p.family().modelType());
        c.put("vocab_size", p.vocabSize());
        c.put("hidden_size", p.hiddenSize());
        c.put("intermediate_size", p.intermediateSize());
        c.put("num_hidden_layers", p.layers());
        c.put("num_attention_heads", p.heads());
        c.put("num_key_value_heads", p.kvHeads());
        c.put("head_dim", p.headDim());
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", p.contextLength());
        c.put("rms_norm_eps", p.rmsNormEps());
        c.put("rope_theta", p.ropeTheta());
        RopeScaling r = p.ropeScaling();
        if (r == null) {
            c.putNull("rope_scaling");
        } else {
            ObjectNode s = c.putObject("rope_scaling");
            s.put("rope_type", r.type());
            s.put("factor", r.factor());
            if (r.type().equals("llama3")) {
                s.put("low_freq_factor", r.lowFreqFactor());
                s.put("high_freq_factor", r.highFreqFactor());
                s.put("original_max_position_embeddings", r.originalMaxPositionEmbeddings());
            }
        }
        c.put("tie_word_embeddings", p.tieWordEmbeddings());
        if (p.family() == ModelFamily.QWEN2) {
            c.put("use_sliding_window", false);
        } else {
            c.put("attention_bias", p.attentionBias());
        }
        if (p.family() == ModelFamily.LLAMA) {
            c.put("mlp_bias", false);
        }
        c.put("attention_dropout", 0.0);
        c.put("initializer_range", 0.02);
        c.put("use_cache", true);
        c.put("torch_dtype", "float32");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), c);
    }

    private static boolean present(JsonNode c, String field) {
        return c.has(field) && !c.get(field).isNull();
    }

    private static int required(JsonNode c, String field) {
        if (!present(c, field)) {
            throw new IllegalArgumentException("missing " + field);
        }
        return integer(c, field);
    }

    private static int optional(JsonNode c, String field, int fallback) {
        return present(c, field) ? integer(c, field) : fallback;
    }

    private static int integer(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode c, String field, double fallback) {
        if (c == null || !present(c, field)) {
            return fallback;
        }
        JsonNode v = c.get(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static String text(JsonNode c, String field, String fallback) {
        return present(c, field) ? c.get(field).asText() : fallback;
    }
}
