package dev.rivulet.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.JsonLines;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.operators.telemetry.RolloutEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka variant of the telemetry tables ({@code sql/ddl/kafka.sql}): telemetry rows produced to
 * a local KRaft broker in the files' JSON shape are read back by the unchanged monitoring queries.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaTelemetryITCase {

    @TempDir static Path tmp;

    private static KraftBroker broker;

    @BeforeAll
    static void startBrokerAndProduce() throws Exception {
        broker = KraftBroker.start(tmp, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        long t0 = 1_700_000_000_000L;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<Object> rows = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                rows.add(
                        new RolloutEvent(
                                t0 + i * 1000,
                                "r" + i,
                                "p" + (i % 2),
                                "arith",
                                1 + i % 2,
                                0,
                                i % 3 == 0 ? 1.0 : 0.0,
                                0.5,
                                1,
                                3,
                                2,
                                false,
                                "STOP"));
            }
            rows.add(
                    new LearnerStepEvent(
                            new LearnerStepEvent.Id(t0 + 2000, "b0", 1),
                            new LearnerStepEvent.Losses(0.1, Double.NaN, 0.9, 0.0, 1.0),
                            new LearnerStepEvent.Batch(4, 12, 0.5, 0.5, 1, 0.5),
                            new LearnerStepEvent.Progress(0, 0, 100, false, 0)));
            rows.add(
                    new LearnerStepEvent(
                            new LearnerStepEvent.Id(t0 + 4000, "b1", 2),
                            new LearnerStepEvent.Losses(0.1, 0.01, 0.8, 0.0, 1.0),
                            new LearnerStepEvent.Batch(12, 36, 0.25, 1.0, 2, 0.3),
                            new LearnerStepEvent.Progress(0, 0, 100, false, 0)));
            rows.add(new DeadLetterEvent(t0, "in.jsonl", 3, "bad-json: x", "bad-json", "{"));
            rows.add(new DeadLetterEvent(t0, "in.jsonl", 9, "bad-json: y", "bad-json", "["));
            for (Object row : rows) {
                String table =
                        row instanceof RolloutEvent
                                ? "rollouts"
                                : row instanceof LearnerStepEvent
                                        ? "learner_steps"
                                        : "dead_letters";
                producer.send(
                                new ProducerRecord<>(
                                        TelemetryTables.DEFAULT_TOPIC_PREFIX + table,
                                        JsonLines.toJson(row)))
                        .get(30, TimeUnit.SECONDS);
            }
            producer.send(
                            new ProducerRecord<>(
                                    TelemetryTables.DEFAULT_TOPIC_PREFIX + "evaluations",
                                    "{\"ts\":"
                                            + t0
                                            + ",\"elapsed_s\":1.0,\"policy_version\":2,\"cell\":\"arith:1\","
                                            + "\"task\":\"arith\",\"difficulty\":1,\"correct\":3,\"total\":4,\"accuracy\":0.75}"))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void monitoringQueriesReadTheTopics() {
        Path sqlDir = RecordedRun.sqlDir();
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        SqlViews views =
                new SqlViews(
                        sqlDir,
                        TelemetryTables.kafka(
                                sqlDir, broker.bootstrap(), TelemetryTables.DEFAULT_TOPIC_PREFIX),
                        conf);

        SqlResult reward = views.run(sqlDir.resolve("reward_by_difficulty.sql"));
        assertThat(reward.sum("rollouts")).isEqualTo(6);
        assertThat(reward.column("difficulty")).containsExactlyInAnyOrder(1, 2);

        SqlResult egr = views.run(sqlDir.resolve("effective_gradient_ratio.sql"));
        assertThat(egr.sum("samples")).isEqualTo(16);
        // (4 * 0.5 + 12 * 0.25) / 16
        assertThat((Double) egr.column("effective_gradient_ratio").get(0)).isEqualTo(0.3125);

        SqlResult dead = views.run(sqlDir.resolve("dead_letters_by_reason.sql"));
        assertThat(dead.rows())
                .containsExactly(List.of("in.jsonl", "bad-json", 2L, "bad-json: x", 3L, 9L));

        SqlResult latest = views.run(sqlDir.resolve("heldout_accuracy_latest.sql"));
        assertThat(latest.column("accuracy")).containsExactly(0.75);
        assertThat(latest.rows()).hasSize(1);
    }
}
