package dev.rivulet.operators.source;

/**
 * The model server's admission of a parsed prompt.
 *
 * @param row the prompt and where it came from
 * @param refusal why the server cannot serve it; {@code ""} when it can
 */
public record AdmittedPrompt(SourcedPrompt row, String refusal) {

    /** Whether the server can serve the prompt. */
    public boolean servable() {
        return refusal.isEmpty();
    }
}
