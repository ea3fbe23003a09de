package dev.rivulet.server.state;

import dev.rivulet.server.learn.OptimizerState;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Weights and optimizer state of one policy version, held in memory.
 *
 * @param version the policy version
 * @param weights parameter values in the policy's order
 * @param optimizer AdamW state
 */
public record Snapshot(long version, float[][] weights, OptimizerState optimizer) {

    /** SHA-256 (hex) of the weights ({@link #digest(float[][])}). */
    public String digest() {
        return digest(weights);
    }

    /** SHA-256 (hex) of weight arrays, in order, as big-endian float bits. */
    public static String digest(float[][] weights) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (float[] w : weights) {
                ByteBuffer b = ByteBuffer.allocate(w.length * 4);
                b.asFloatBuffer().put(w);
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
