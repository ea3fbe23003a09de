package dev.rivulet.protocol;

/**
 * Where the server wrote a snapshot of the policy weights.
 *
 * @param path the snapshot's location (a file path or URI)
 * @param policyVersion the policy version saved
 */
public record CheckpointInfo(String path, long policyVersion) {

    public CheckpointInfo {
        Checks.notEmpty(path, "path");
        Checks.nonNegative(policyVersion, "policyVersion");
    }
}
