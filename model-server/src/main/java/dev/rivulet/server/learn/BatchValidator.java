package dev.rivulet.server.learn;

import dev.rivulet.server.model.PolicyConfig;

/** Rejects a micro-batch that cannot be trained on, naming the sample and the broken rule. */
public final class BatchValidator {

    /** Largest behaviour log-prob accepted (a log-prob is at most 0; float noise aside). */
    static final double MAX_LOGPROB = 1e-3;

    private BatchValidator() {}

    /**
     * Checks everything a learner step needs before it touches weights.
     *
     * @throws IllegalArgumentException naming the sample and the broken rule
     */
    public static void validate(MicroBatch batch, PolicyConfig config) {
        if (batch == null || batch.samples() == null || batch.samples().isEmpty()) {
            throw new IllegalArgumentException(
                    "empty batch: a micro-batch needs at least one sample");
        }
        for (int i = 0; i < batch.samples().size(); i++) {
            TrainSample s = batch.samples().get(i);
            String who = "sample " + i + (s == null ? "" : " (rollout " + s.rolloutId() + ")");
            if (s == null
                    || s.promptTokens() == null
                    || s.responseTokens() == null
                    || s.behaviourLogprobs() == null) {
                throw new IllegalArgumentException(who + ": missing prompt, response or log-probs");
            }
            if (s.promptTokens().length == 0) {
                throw new IllegalArgumentException(who + ": empty prompt");
            }
            if (s.responseTokens().length == 0) {
                throw new IllegalArgumentException(who + ": empty response");
            }
            int len = s.promptTokens().length + s.responseTokens().length;
            if (len > config.contextLength()) {
                throw new IllegalArgumentException(
                        who
                                + ": sequence of "
                                + len
                                + " tokens is longer than the context "
                                + config.contextLength());
            }
            if (s.behaviourLogprobs().length != s.responseTokens().length) {
                throw new IllegalArgumentException(
                        who
                                + ": length mismatch: "
                                + s.responseTokens().length
                                + " response tokens but "
                                + s.behaviourLogprobs().length
                                + " behaviour log-probs");
            }
            checkTokens(who, "prompt", s.promptTokens(), config.vocabSize());
            checkTokens(who, "response", s.responseTokens(), config.vocabSize());
            if (!Double.isFinite(s.advantage())) {
                throw new IllegalArgumentException(who + ": advantage is " + s.advantage());
            }
            checkTokenAdvantages(who, s);
            for (int t = 0; t < s.behaviourLogprobs().length; t++) {
                float lp = s.behaviourLogprobs()[t];
                if (!Float.isFinite(lp) || lp > MAX_LOGPROB) {
                    throw new IllegalArgumentException(
                            who
                                    + ": behaviour log-prob "
                                    + lp
                                    + " at response token "
                                    + t
                                    + " is not a finite log-prob");
                }
            }
        }
    }

    /** Per-token advantages, when present: one per response token, all finite. */
    private static void checkTokenAdvantages(String who, TrainSample s) {
        float[] a = s.tokenAdvantages();
        if (a.length == 0) {
            return;
        }
        if (a.length != s.responseTokens().length) {
            throw new IllegalArgumentException(
                    who
                            + ": length mismatch: "
                            + s.responseTokens().length
                            + " response tokens but "
                            + a.length
                            + " per-token advantages");
        }
        for (int t = 0; t < a.length; t++) {
            if (!Float.isFinite(a[t])) {
                throw new IllegalArgumentException(
                        who + ": per-token advantage at response token " + t + " is " + a[t]);
            }
        }
    }

    private static void checkTokens(String who, String part, int[] ids, int vocab) {
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= vocab) {
                throw new IllegalArgumentException(
                        who
                                + ": "
                                + part
                                + " token id "
                                + ids[t]
                                + " at index "
                                + t
                                + " is outside the vocabulary of "
                                + vocab);
            }
        }
    }
}
