package dev.rivulet.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The weights of one policy version, as a learner serves them to generators (Flight DoGet {@code
 * weights/<version>}).
 *
 * @param version the policy version these weights are
 * @param lineage the learner's lineage token when it read them ({@link PolicyVersion#lineage()}); a
 *     rollback or restore on the learner draws a new one, so a generator holding weights of another
 *     lineage knows they may belong to an abandoned history
 * @param digest the fingerprint of the weights ({@link #checksum}): the same value the learner's
 *     {@link WeightsDigest#memory()} reports for {@code version}
 * @param tensors the parameter tensors in the policy's order
 */
public record PolicyWeights(
        long version, String lineage, String digest, List<WeightTensor> tensors) {

    public PolicyWeights {
        Checks.nonNegative(version, "version");
        lineage = lineage == null ? "" : lineage;
        Checks.notEmpty(digest, "digest");
        Objects.requireNonNull(tensors, "tensors");
    }

    /**
     * SHA-256 (hex) of the tensors' values, in order, as big-endian float32 bits: the fingerprint
     * that {@link WeightsDigest} reports for a version's weights.
     */
    public static String checksum(List<WeightTensor> tensors) {
        MessageDigest md = sha256();
        for (WeightTensor t : tensors) {
            update(md, t.values());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Feeds {@code values} to {@code md} as big-endian float32 bits. */
    public static void update(MessageDigest md, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        b.asFloatBuffer().put(values);
        md.update(b);
    }
}
