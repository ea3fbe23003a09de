package dev.rivulet.algo.advantage;

import dev.rivulet.protocol.FinishReason;
import java.util.ArrayList;
import java.util.List;

/** Test groups whose responses are strings, one token per character (the token id is the char). */
final class TokenGroups {

    private TokenGroups() {}

    /** The features of {@code response} without entropies. */
    static SampleFeatures text(String response) {
        return text(response, new float[0]);
    }

    /** The features of {@code response} with one entropy per character. */
    static SampleFeatures text(String response, float[] entropies) {
        int[] tokens = response.chars().toArray();
        return new SampleFeatures(tokens, new float[tokens.length], entropies, FinishReason.STOP);
    }

    /** A group: {@code rewards[i]} for {@code responses[i]}, without entropies. */
    static AdvantageInput group(double[] rewards, String... responses) {
        List<SampleFeatures> f = new ArrayList<>();
        for (String s : responses) {
            f.add(text(s));
        }
        return AdvantageInput.group(rewards).withFeatures(f);
    }

    /** GRPO's A for a reward r in a group of rewards {1, 0}: ±0.5 / (sqrt(0.5) + 1e-6). */
    static double pairAdvantage() {
        return 0.5 / (Math.sqrt(0.5) + GrpoAdvantage.EPS);
    }
}
