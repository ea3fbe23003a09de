package dev.rivulet.operators.telemetry;

import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Rolls telemetry part files on every checkpoint (which makes them visible, exactly once) and also
 * when a part file is older than an interval or larger than a size, so files stay small.
 *
 * @param <T> the record type
 */
public final class TelemetryRollingPolicy<T> extends CheckpointRollingPolicy<T, String> {

    private static final long serialVersionUID = 1L;

    private final long intervalMillis;
    private final long maxPartBytes;

    public TelemetryRollingPolicy(long intervalMillis, long maxPartBytes) {
        if (intervalMillis <= 0 || maxPartBytes <= 0) {
            throw new IllegalArgumentException(
                    "rolling interval and part size must be positive, got "
                            + intervalMillis
                            + " ms and "
                            + maxPartBytes
                            + " bytes");
        }
        this.intervalMillis = intervalMillis;
        this.maxPartBytes = maxPartBytes;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> partFile, T element)
            throws java.io.IOException {
        return partFile.getSize() >= maxPartBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> partFile, long currentTime) {
        return currentTime - partFile.getCreationTime() >= intervalMillis;
    }
}
