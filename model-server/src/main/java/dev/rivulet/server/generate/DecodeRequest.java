package dev.rivulet.server.generate;

/**
 * One prompt to complete.
 *
 * @param promptTokens prompt ids, normally starting with BOS (at least one token)
 * @param seed seed of this request's sampler: same seed and weights give the same tokens
 */
public record DecodeRequest(int[] promptTokens, long seed) {

    /** Rejects an empty prompt. */
    public DecodeRequest {
        if (promptTokens == null || promptTokens.length == 0) {
            throw new IllegalArgumentException("prompt must have at least one token");
        }
    }
}
