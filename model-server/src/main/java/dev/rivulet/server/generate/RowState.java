package dev.rivulet.server.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Progress of one request inside a generation batch. */
final class RowState {

    final int[] prompt;
    final int maxNew;
    final SplittableRandom rnd;
    final int[] tokens;
    final float[] logprobs;
    final float[] entropies;
    int count;
    StopReason reason;

    RowState(DecodeRequest r, int maxNew) {
        this.prompt = r.promptTokens().clone();
        this.maxNew = maxNew;
        this.rnd = new SplittableRandom(r.seed());
        this.tokens = new int[maxNew];
        this.logprobs = new float[maxNew];
        this.entropies = new float[maxNew];
        if (maxNew == 0) {
            reason = StopReason.LENGTH;
        }
    }

    boolean done() {
        return reason != null;
    }

    /** Position of the most recent token of the sequence (prompt + generated). */
    int lastPosition() {
        return prompt.length + count - 1;
    }

    int lastToken() {
        return count == 0 ? prompt[prompt.length - 1] : tokens[count - 1];
    }

    void append(int token, double logprob, double entropy, boolean stop) {
        tokens[count] = token;
        logprobs[count] = (float) logprob;
        entropies[count] = (float) entropy;
        count++;
        if (stop) {
            reason = StopReason.STOP;
        } else if (count >= maxNew) {
            reason = StopReason.LENGTH;
        }
    }

    Sample toSample() {
        return new Sample(
                prompt,
                Arrays.copyOf(tokens, count),
                Arrays.copyOf(logprobs, count),
                reason,
                Arrays.copyOf(entropies, count));
    }
}
