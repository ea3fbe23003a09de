package dev.rivulet.server.model;

/**
 * A supported {@code rope_scaling} of config.json: {@code linear} (inverse frequencies divided by
 * {@code factor}) or {@code llama3} (low frequencies divided by {@code factor}, a smooth blend
 * between {@code low_freq_factor} and {@code high_freq_factor} wavelengths).
 *
 * @param type "linear" or "llama3"
 * @param factor the scaling factor
 * @param lowFreqFactor llama3 only (else 0)
 * @param highFreqFactor llama3 only (else 0)
 * @param originalMaxPositionEmbeddings llama3 only (else 0)
 */
public record RopeScaling(
        String type,
        double factor,
        double lowFreqFactor,
        double highFreqFactor,
        int originalMaxPositionEmbeddings) {

    /** Checks the kind and its parameters. */
    public RopeScaling {
        if (!type.equals("linear") && !type.equals("llama3")) {
            throw new IllegalArgumentException(
                    "unsupported rope_scaling type '"
                            + type
                            + "'; supported: default (none), linear, llama3");
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("rope_scaling factor must be > 0, got " + factor);
        }
        if (type.equals("llama3")
                && (!(highFreqFactor > lowFreqFactor) || originalMaxPositionEmbeddings <= 0)) {
            throw new IllegalArgumentException(
                    "llama3 rope_scaling needs high_freq_factor > low_freq_factor and"
                            + " original_max_position_embeddings > 0");
        }
    }

    /** Linear position interpolation. */
    public static RopeScaling linear(double factor) {
        return new RopeScaling("linear", factor, 0, 0, 0);
    }

    /** Llama 3.1 frequency-dependent scaling. */
    public static RopeScaling llama3(
            double factor, double lowFreqFactor, double highFreqFactor, int originalMax) {
        return new RopeScaling("llama3", factor, lowFreqFactor, highFreqFactor, originalMax);
    }

    /** Applies the scaling to default inverse frequencies, as transformers' rope init does. */
    double[] apply(double[] invFreq) {
        double[] out = new double[invFreq.length];
        if (type.equals("linear")) {
            for (int i = 0; i < out.length; i++) {
                out[i] = invFreq[i] / factor;
            }
            return out;
        }
        double lowWavelen = originalMaxPositionEmbeddings / lowFreqFactor;
        double highWavelen = originalMaxPositionEmbeddings / highFreqFactor;
        for (int i = 0; i < out.length; i++) {
            double wavelen = 2 * Math.PI / invFreq[i];
            double f = wavelen > lowWavelen ? invFreq[i] / factor : invFreq[i];
            boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
            if (medium) {
                double smooth =
                        (originalMaxPositionEmbeddings / wavelen - lowFreqFactor)
                                / (highFreqFactor - lowFreqFactor);
                f = (1 - smooth) * f / factor + smooth * f;
            }
            out[i] = f;
        }
        return out;
    }
}
