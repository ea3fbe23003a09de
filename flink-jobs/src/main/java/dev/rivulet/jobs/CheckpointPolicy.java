package dev.rivulet.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.PipelineOptions;

/**
 * The checkpoint settings of the shipped deployments ({@code docker/flink/config.yaml}, the
 * FlinkDeployment): those the demo, {@code train}, chaos and the soak run with, plus retention.
 *
 * <ul>
 *   <li>A checkpoint fails while the model server is away (its prepare cannot succeed); that must
 *       not fail the job over, so failed checkpoints are tolerated ({@value
 *       #TOLERABLE_FAILED_CHECKPOINTS} in a row, in effect without limit; CheckpointsFailing alerts
 *       on them).
 *   <li>Incremental RocksDB checkpoints.
 *   <li>Checkpoints are kept when the job is cancelled, so a cancelled run can still be restored
 *       (deployments only: the test runs clean up after themselves).
 *   <li>No Kryo fallback: every type on the wire has a Flink serializer.
 * </ul>
 *
 * The interval is not here: tests use 2–3 s to be quick, deployments 10 s.
 */
public final class CheckpointPolicy {

    /** Failed checkpoints tolerated before the job fails over. */
    public static final int TOLERABLE_FAILED_CHECKPOINTS = 1_000_000;

    private CheckpointPolicy() {}

    /** The options, as flat Flink configuration keys. */
    public static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(
                CheckpointingOptions.TOLERABLE_FAILURE_NUMBER.key(),
                Integer.toString(TOLERABLE_FAILED_CHECKPOINTS));
        o.put(CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(), "true");
        o.put(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION.key(),
                "RETAIN_ON_CANCELLATION");
        o.put(PipelineOptions.GENERIC_TYPES.key(), "false");
        return o;
    }
}
