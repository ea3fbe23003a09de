package dev.rivulet.server.learn;

/**
 * One rollout to train on.
 *
 * @param rolloutId unique id (recorded in the ledger)
 * @param promptTokens prompt ids as generated from (normally starting with BOS)
 * @param responseTokens generated ids (the tokens the loss trains on)
 * @param behaviourLogprobs log-prob of each response token under the generating policy
 * @param advantage the sequence's advantage, applied to each of its tokens
 */
public record TrainSample(
        String rolloutId,
        int[] promptTokens,
        int[] responseTokens,
        float[] behaviourLogprobs,
        double advantage) {}
