package dev.rivulet.jobs.options;

import dev.rivulet.algo.replay.ReplayPolicies;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** How the LearnerSink forms micro-batches from its replay buffer. */
public final class LearnerOptions {

    public static final ConfigOption<String> REPLAY =
            ConfigOptions.key("rivulet.learner.replay")
                    .stringType()
                    .defaultValue("fifo")
                    .withDescription(Ids.of("Replay policy id", ReplayPolicies.registry()));

    public static final ConfigOption<String> REPLAY_OPTIONS =
            ConfigOptions.key("rivulet.learner.replay-options")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Further options of that replay policy as 'key=value;...', e.g."
                                    + " 'alpha=0.5' for ssr (docs/strategies.md);"
                                    + " max-staleness, max-reuse and keep-groups are set by their"
                                    + " own rivulet.learner.* keys.");

    public static final ConfigOption<Integer> MAX_STALENESS =
            ConfigOptions.key("rivulet.learner.max-staleness")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Rollouts older than this many policy versions are dropped.");

    public static final ConfigOption<Integer> MAX_REUSE =
            ConfigOptions.key("rivulet.learner.max-reuse")
                    .intType()
                    .defaultValue(1)
                    .withDescription("How many times one rollout may be trained on.");

    public static final ConfigOption<Boolean> KEEP_GROUPS =
            ConfigOptions.key("rivulet.learner.keep-groups")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Batches keep the rows of one group (one visit of a prompt) together:"
                                    + " the replay policy's keep-groups option (docs/algorithms/fifo.md).");

    public static final ConfigOption<Integer> MAX_TRAIN_FAILURES =
            ConfigOptions.key("rivulet.learner.max-train-failures")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "How many times the model server may fail one batch with an internal"
                                    + " error (a non-finite gradient, say; an unavailable server"
                                    + " does not count) before its rollouts become dead letters"
                                    + " (code learner-failed, counted in rollouts_rejected_total) and the"
                                    + " learner goes on.");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("rivulet.learner.batch-size")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Rollouts per micro-batch.");

    public static final ConfigOption<Integer> MIN_BATCH =
            ConfigOptions.key("rivulet.learner.min-batch")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Smallest partial batch sent after max-wait.");

    public static final ConfigOption<Duration> MAX_WAIT =
            ConfigOptions.key("rivulet.learner.max-wait")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription("How long to wait for a full batch while the learner idles.");

    public static final ConfigOption<Boolean> NORMALIZE_ADVANTAGES =
            ConfigOptions.key("rivulet.learner.normalize-advantages")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Normalise advantages over each micro-batch (SPO).");

    private LearnerOptions() {}
}
