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
 * @param template how the server turns the prompt text into tokens: {@value #RAW} (the text as it
 *     is) or {@value #CHAT} (rendered through the model's chat template)
 * @param systemPrompt system message of a {@value #CHAT} prompt; {@code ""} for none
 * @param hint guidance that conditions generation ({@link Hint#NONE} for none): the server samples
 *     from the hinted context and returns the behaviour log-probs under it, but the completion's
 *     prompt tokens are those of the plain prompt (what the learner trains on)
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
        boolean greedy,
        String template,
        String systemPrompt,
        Hint hint) {

    /** Template id: the prompt text is encoded as it is. */
    public static final String RAW = "raw";

    /** Template id: the prompt is the user message of the model's chat template. */
    public static final String CHAT = "chat";

    /** A request without a hint. */
    public GenerationRequest(
            String requestId,
            String promptId,
            String prompt,
            int numSamples,
            float temperature,
            float topP,
            int maxNewTokens,
            long seed,
            boolean greedy,
            String template,
            String systemPrompt) {
        this(
                requestId,
                promptId,
                prompt,
                numSamples,
                temperature,
                topP,
                maxNewTokens,
                seed,
                greedy,
                template,
                systemPrompt,
                Hint.NONE);
    }

    /** A {@value #RAW} request without a system prompt. */
    public GenerationRequest(
            String requestId,
            String promptId,
            String prompt,
            int numSamples,
            float temperature,
            float topP,
            int maxNewTokens,
            long seed,
            boolean greedy) {
        this(
                requestId,
                promptId,
                prompt,
                numSamples,
                temperature,
                topP,
                maxNewTokens,
                seed,
                greedy,
                RAW,
                "");
    }

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
        if (!RAW.equals(template) && !CHAT.equals(template)) {
            throw new IllegalArgumentException(
                    "template must be '" + RAW + "' or '" + CHAT + "', got " + template);
        }
        Checks.notNull(systemPrompt, "systemPrompt");
        hint = hint == null ? Hint.NONE : hint;
    }

    /** Whether the request carries a hint. */
    public boolean hinted() {
        return hint.present();
    }

    /** This request with {@code newHint} ({@link Hint#NONE}: plain). */
    public GenerationRequest withHint(Hint newHint) {
        return new GenerationRequest(
                requestId,
                promptId,
                prompt,
                numSamples,
                temperature,
                topP,
                maxNewTokens,
                seed,
                greedy,
                template,
                systemPrompt,
                newHint);
    }

    /** This request with another template and system prompt. */
    public GenerationRequest withTemplate(String newTemplate, String newSystemPrompt) {
        return new GenerationRequest(
                requestId,
                promptId,
                prompt,
                numSamples,
                temperature,
                topP,
                maxNewTokens,
                seed,
                greedy,
                newTemplate,
                newSystemPrompt,
                hint);
    }
}
