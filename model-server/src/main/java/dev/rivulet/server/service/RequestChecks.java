package dev.rivulet.server.service;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.server.learn.BatchValidator;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.model.PolicyConfig;
import java.util.List;

/**
 * Validates requests before they reach the model, turning each broken rule into a {@link
 * PolicyInvalidRequestException} whose message names the request and the rule.
 */
final class RequestChecks {

    private RequestChecks() {}

    /** The micro-batch for {@code batch}, after checking everything a learner step needs. */
    static MicroBatch trainBatch(TrainBatch batch, PolicyConfig config, int maxRows) {
        if (batch == null || batch.rows() == null || batch.rows().isEmpty()) {
            throw new PolicyInvalidRequestException(
                    "empty batch: a train batch needs at least one rollout");
        }
        String who = "train batch " + batch.batchId();
        if (batch.rows().size() > maxRows) {
            throw new PolicyInvalidRequestException(
                    who
                            + ": oversized batch of "
                            + batch.rows().size()
                            + " rollouts; the limit is "
                            + maxRows);
        }
        MicroBatch micro = ProtocolMapping.microBatch(batch);
        try {
            BatchValidator.validate(micro, config);
        } catch (IllegalArgumentException e) {
            throw new PolicyInvalidRequestException(who + ": " + e.getMessage(), e);
        }
        return micro;
    }

    /** Most prompts one admit call may ask about. */
    static final int MAX_ADMIT_PROMPTS = 16_384;

    /** Checks the size of an admit call (each prompt's own check is an answer, not an error). */
    static void admitRequests(List<GenerationRequest> requests) {
        if (requests.size() > MAX_ADMIT_PROMPTS) {
            throw new PolicyInvalidRequestException(
                    "admit: oversized request of "
                            + requests.size()
                            + " prompts; the limit is "
                            + MAX_ADMIT_PROMPTS);
        }
    }

    /** Checks that each sequence fits the context and holds only known token ids. */
    static void scoreRequests(List<ScoreRequest> requests, PolicyConfig config, int maxRows) {
        if (requests.size() > maxRows) {
            throw new PolicyInvalidRequestException(
                    "score: oversized request of "
                            + requests.size()
                            + " sequences; the limit is "
                            + maxRows);
        }
        for (ScoreRequest r : requests) {
            String who = "score sequence " + r.sequenceId();
            if (r.promptTokens().length == 0) {
                throw new PolicyInvalidRequestException(who + ": empty prompt");
            }
            int len = r.promptTokens().length + r.responseTokens().length;
            if (len > config.contextLength()) {
                throw new PolicyInvalidRequestException(
                        who
                                + ": sequence of "
                                + len
                                + " tokens is longer than the context "
                                + config.contextLength());
            }
            tokens(who + ": prompt", r.promptTokens(), config.vocabSize());
            tokens(who + ": response", r.responseTokens(), config.vocabSize());
        }
    }

    static void tokens(String who, int[] ids, int vocab) {
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= vocab) {
                throw new PolicyInvalidRequestException(
                        who
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
