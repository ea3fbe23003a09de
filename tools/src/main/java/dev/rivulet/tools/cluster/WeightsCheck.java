package dev.rivulet.tools.cluster;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One generator's weights against the learner's: the version the generator holds, its digest of the
 * weights it actually serves, and the learner's digest of the same version (from memory, else from
 * that version's durable checkpoint).
 *
 * @param generator the generator's address
 * @param version the version it holds
 * @param digest its digest of the weights it serves
 * @param learnerDigest the learner's digest of {@code version}
 */
public record WeightsCheck(String generator, long version, String digest, String learnerDigest) {

    /** Whether both digests exist and are equal. */
    public boolean matches() {
        return digest != null && digest.equals(learnerDigest);
    }

    /**
     * Asks {@code generator} and {@code learner}; empty when either has no digest of the version (a
     * version the learner no longer holds anywhere).
     *
     * @throws Exception when either cannot answer (a generator being replaced, say)
     */
    public static Optional<WeightsCheck> of(PolicyEndpoint generator, PolicyClient learner)
            throws Exception {
        try (PolicyClient c = PolicyClients.open(generator)) {
            PolicyVersion v = c.version().get(10, TimeUnit.SECONDS);
            WeightsDigest mine = c.digest(v.current()).get(30, TimeUnit.SECONDS);
            WeightsDigest theirs = learner.digest(v.current()).get(30, TimeUnit.SECONDS);
            String learners = theirs.memory() != null ? theirs.memory() : theirs.durable();
            if (mine.memory() == null || learners == null) {
                return Optional.empty();
            }
            return Optional.of(
                    new WeightsCheck(
                            generator.host() + ":" + generator.port(),
                            v.current(),
                            mine.memory(),
                            learners));
        }
    }

    @Override
    public String toString() {
        return String.format(
                "generator %s holds version %d, digest %s %s the learner's",
                generator,
                version,
                digest.substring(0, Math.min(12, digest.length())),
                matches() ? "=" : "!= (" + learnerDigest + ")");
    }
}
