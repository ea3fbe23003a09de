package dev.rivulet.server.generate;

/**
 * How to pick tokens.
 *
 * @param temperature sampling temperature; 0 means greedy (argmax)
 * @param topP nucleus mass in (0, 1]; 1 disables it
 * @param maxNewTokens most tokens to generate per request (also bounded by the context)
 * @param stopTokens ids that end a sample (EOS plus, e.g., the id of a stop character)
 */
public record SamplingParams(double temperature, double topP, int maxNewTokens, int[] stopTokens) {

    /** Validates ranges. */
    public SamplingParams {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        stopTokens = stopTokens == null ? new int[0] : stopTokens.clone();
    }

    /** Plain sampling at temperature 1 that stops at {@code eos}. */
    public static SamplingParams sample(int maxNewTokens, int eos) {
        return new SamplingParams(1.0, 1.0, maxNewTokens, new int[] {eos});
    }

    /** Greedy decoding that stops at {@code eos}. */
    public static SamplingParams greedy(int maxNewTokens, int eos) {
        return new SamplingParams(0.0, 1.0, maxNewTokens, new int[] {eos});
    }

    /** Whether decoding is greedy. */
    public boolean isGreedy() {
        return temperature == 0.0;
    }

    /** Whether {@code id} ends a sample. */
    public boolean isStop(int id) {
        for (int s : stopTokens) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }
}
