package dev.rivulet.server.state;

import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.server.learn.OptimizerState;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Weights and optimizer state of one policy version, held in memory.
 *
 * @param version the policy version
 * @param weights parameter values in the policy's order
 * @param optimizer AdamW state
 */
public record Snapshot(long version, float[][] weights, OptimizerState optimizer) {

    /** Bytes the arrays hold on the heap: the weights and both AdamW moments. */
    public long bytes() {
        return 4
                * (floats(weights)
                        + floats(optimizer.firstMoment())
                        + floats(optimizer.secondMoment()));
    }

    private static long floats(float[][] arrays) {
        long n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        return n;
    }

    /** SHA-256 (hex) of the weights ({@link #digest(float[][])}). */
    public String digest() {
        return digest(weights);
    }

    /**
     * SHA-256 (hex) of weight arrays, in order, as big-endian float bits: the fingerprint {@link
     * PolicyWeights#checksum} computes for shipped weights.
     */
    public static String digest(float[][] weights) {
        MessageDigest md = PolicyWeights.sha256();
        for (float[] w : weights) {
            PolicyWeights.update(md, w);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
