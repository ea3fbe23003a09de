package dev.rivulet.protocol;

/**
 * A request to sample {@code numSamples} completions of one prompt from the current policy.
 *
 * @param requestId unique id of this request; the server treats it as an idempotency key
 * @param promptId id of the {@link Prompt} being answered
 * @param prompt the prompt text
 * @param numSamples how many completions to sample, at least 1
 * @param temperature sampling temperature, finite and {@code >= 0}
 * @param topP nucleus-sampling mass in {@code (0, 1]}
 * @param maxNewTokens most tokens to generate per completion, at least 1
 * @param seed random seed; sample {@code i} uses a stream derived from {@code (seed, i)}
 * @param greedy take the arg-max token at each step instead of sampling
 */
public record GenerationRequest(
        String requestId,
        String promptId,
        String prompt,
        int numSamples,
        float temperature,
        float topP,
        int maxNewTokens,
        long seed,
        boolean greedy) {

    public GenerationRequest {
        Checks.notEmpty(requestId, "requestId");
        Checks.notEmpty(promptId, "promptId");
        Checks.notNull(prompt, "prompt");
        Checks.positive(numSamples, "numSamples");
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature must be finite and >= 0, got " + temperature);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        Checks.positive(maxNewTokens, "maxNewTokens");
    }
}
