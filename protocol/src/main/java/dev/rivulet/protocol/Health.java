package dev.rivulet.protocol;

/**
 * The model server's health report.
 *
 * @param status short status word, for example {@code "ok"}
 * @param policyVersion the version now served
 * @param committedVersion the newest committed version
 * @param device the compute device, for example {@code "cpu"} or {@code "gpu(0)"}
 * @param uptimeMillis milliseconds since the server started
 */
public record Health(
        String status,
        long policyVersion,
        long committedVersion,
        String device,
        long uptimeMillis) {

    public Health {
        Checks.notEmpty(status, "status");
        Checks.nonNegative(policyVersion, "policyVersion");
        Checks.nonNegative(committedVersion, "committedVersion");
        Checks.notNull(device, "device");
        Checks.nonNegative(uptimeMillis, "uptimeMillis");
    }
}
