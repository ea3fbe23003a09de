package dev.rivulet.algo.select;

/**
 * One prompt of the pool with the statistics selectors read.
 *
 * @param promptId the prompt's unique id
 * @param alpha Beta posterior α (thompson); NaN when unknown
 * @param beta Beta posterior β (thompson); NaN when unknown
 * @param value the tracked success estimate v̂ in [0, 1] (spo-priority); NaN when unknown
 */
public record Candidate(String promptId, double alpha, double beta, double value) {

    public Candidate {
        if (promptId == null) {
            throw new IllegalArgumentException("promptId must not be null");
        }
    }

    /** A candidate known by id only (uniform). */
    public static Candidate of(String promptId) {
        return new Candidate(promptId, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A candidate with a Beta posterior; its value is the posterior mean. */
    public static Candidate ofBeta(String promptId, double alpha, double beta) {
        return new Candidate(promptId, alpha, beta, alpha / (alpha + beta));
    }

    /** A candidate with a tracked value only. */
    public static Candidate ofValue(String promptId, double value) {
        return new Candidate(promptId, Double.NaN, Double.NaN, value);
    }
}
