package dev.rivulet.algo.allocate;

/**
 * A selected prompt and its success estimate, as allocators read it.
 *
 * @param promptId the prompt's id
 * @param p the tracker's p̂ in [0, 1] (ignored when not valid)
 * @param valid whether p̂ may be used (reward-history needs enough rewards)
 */
public record PromptEstimate(String promptId, double p, boolean valid) {

    public PromptEstimate {
        if (promptId == null) {
            throw new IllegalArgumentException("promptId must not be null");
        }
        if (valid && !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(
                    "a valid estimate needs p in [0, 1], got " + p + " for '" + promptId + "'");
        }
    }

    public static PromptEstimate valid(String promptId, double p) {
        return new PromptEstimate(promptId, p, true);
    }

    public static PromptEstimate unknown(String promptId) {
        return new PromptEstimate(promptId, Double.NaN, false);
    }
}
