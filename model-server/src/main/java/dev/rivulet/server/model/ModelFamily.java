package dev.rivulet.server.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The Hugging Face decoder architectures the policy implements, by their {@code model_type}. */
public enum ModelFamily {
    /** Llama: optional q/k/v/o biases ({@code attention_bias}), no q/k norm. */
    LLAMA("llama", "LlamaForCausalLM"),
    /** Qwen2: q/k/v biases always, o_proj without bias, no q/k norm. */
    QWEN2("qwen2", "Qwen2ForCausalLM"),
    /** Qwen3: per-head q/k RMSNorm, head_dim independent of hidden_size. */
    QWEN3("qwen3", "Qwen3ForCausalLM");

    private final String modelType;
    private final String architecture;

    ModelFamily(String modelType, String architecture) {
        this.modelType = modelType;
        this.architecture = architecture;
    }

    /** The {@code model_type} string of config.json. */
    public String modelType() {
        return modelType;
    }

    /** The transformers class named in {@code architectures}. */
    public String architecture() {
        return architecture;
    }

    /** The family of a {@code model_type}; an error naming it and the supported ones. */
    public static ModelFamily of(String modelType) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(modelType)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unsupported model_type '" + modelType + "'; supported: " + supported());
    }

    /** The supported model types, comma-separated. */
    public static String supported() {
        return Arrays.stream(values())
                .map(ModelFamily::modelType)
                .collect(Collectors.joining(", "));
    }
}
