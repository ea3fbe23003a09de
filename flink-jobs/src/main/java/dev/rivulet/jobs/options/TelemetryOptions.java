package dev.rivulet.jobs.options;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** Where telemetry goes besides the JSON files: Kafka topics, one per table. */
public final class TelemetryOptions {

    public static final ConfigOption<String> KAFKA_BOOTSTRAP =
            ConfigOptions.key("rivulet.telemetry.kafka.bootstrap")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Kafka broker list (host:port,...). When set, the job also writes"
                                    + " every telemetry table it produces (rollouts,"
                                    + " learner_steps, dead_letters) to the topic"
                                    + " <topic-prefix><table>, one JSON row per message in the"
                                    + " files' shape; the demo driver adds evaluations. Empty:"
                                    + " files only.");

    public static final ConfigOption<String> KAFKA_TOPIC_PREFIX =
            ConfigOptions.key("rivulet.telemetry.kafka.topic-prefix")
                    .stringType()
                    .defaultValue("rivulet.")
                    .withDescription(
                            "Prefix of the telemetry topics (sql/ddl/kafka.sql's"
                                    + " ${topic_prefix}).");

    public static final ConfigOption<DeliveryGuarantee> KAFKA_DELIVERY =
            ConfigOptions.key("rivulet.telemetry.kafka.delivery")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "exactly-once: Kafka transactions committed with each checkpoint,"
                                    + " like the files (readers use isolation.level"
                                    + " read_committed); at-least-once: rows visible at once,"
                                    + " replayed rows duplicated after a restore; none.");

    public static final ConfigOption<String> KAFKA_TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("rivulet.telemetry.kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("rivulet-telemetry")
                    .withDescription(
                            "Prefix of the exactly-once producers' transactional ids (the table"
                                    + " name is appended). Must differ between jobs writing to"
                                    + " the same cluster, or they fence each other.");

    public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT =
            ConfigOptions.key("rivulet.telemetry.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "transaction.timeout.ms of the exactly-once producers: at most the"
                                    + " broker's transaction.max.timeout.ms (15 min by default),"
                                    + " and longer than a checkpoint interval plus a restart.");

    private TelemetryOptions() {}
}
