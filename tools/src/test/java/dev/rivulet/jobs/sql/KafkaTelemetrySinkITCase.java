package dev.rivulet.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own Kafka telemetry sink ({@code rivulet.telemetry.kafka.*}, exactly-once): a short
 * embedded run with JSONL prompts (malformed rows included) writes every telemetry table to a local
 * KRaft broker as well as to the files. The committed topics hold exactly the committed file rows,
 * byte for byte, and every monitoring query of {@code sql/} returns the same rows over the {@code
 * kafka.sql} tables as over the {@code filesystem.sql} ones.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaTelemetrySinkITCase {

    private static final String PREFIX = "itc.";

    @TempDir static Path tmp;

    private static KraftBroker broker;

    @BeforeAll
    static void runWithKafkaTelemetry() throws Exception {
        broker =
                KraftBroker.start(
                        Files.createDirectories(tmp.resolve("kafka")), Duration.ofSeconds(60));
        RecordedRun.record(
                tmp.resolve("rec"),
                Duration.ofSeconds(15),
                Map.of(
                        "rivulet.telemetry.kafka.bootstrap",
                        broker.bootstrap(),
                        "rivulet.telemetry.kafka.topic-prefix",
                        PREFIX,
                        "rivulet.telemetry.kafka.transactional-id-prefix",
                        "itc-telemetry"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static Path telemetry() {
        return tmp.resolve("rec").resolve("run").resolve("telemetry");
    }

    @Test
    void committedTopicsHoldExactlyTheCommittedFileRows() throws IOException {
        for (String table : TelemetryTables.NAMES) {
            List<String> files = fileRows(telemetry().resolve(table));
            List<String> topic = committedMessages(PREFIX + table);
            assertThat(files).as("file rows of " + table).isNotEmpty();
            assertThat(topic)
                    .as("committed messages of " + PREFIX + table)
                    .containsExactlyInAnyOrderElementsOf(files);
            System.out.printf(
                    "[kafka-telemetry] %s: %d rows in files and topic%n", table, files.size());
        }
        assertThat(fileRows(telemetry().resolve("dead_letters")))
                .hasSize(RecordedRun.BAD_ROWS.size()); // each malformed row once
    }

    @Test
    void monitoringQueriesAgreeOnFilesAndKafka() {
        Path sqlDir = RecordedRun.sqlDir();
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        SqlViews files =
                new SqlViews(sqlDir, TelemetryTables.files(sqlDir, tmp.resolve("rec/run")), conf);
        SqlViews kafka =
                new SqlViews(
                        sqlDir, TelemetryTables.kafka(sqlDir, broker.bootstrap(), PREFIX), conf);
        List<Path> queries = SqlViews.queryFiles(sqlDir);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(9);
        for (Path q : queries) {
            SqlResult f = files.run(q);
            SqlResult k = kafka.run(q);
            assertThat(f.rows()).as(q.getFileName() + " has rows").isNotEmpty();
            assertThat(k.columns()).as(q.getFileName().toString()).isEqualTo(f.columns());
            assertSameRows(q.getFileName().toString(), k.rows(), f.rows());
        }
        SqlResult dead = kafka.run(sqlDir.resolve("dead_letters_by_reason.sql"));
        assertThat(dead.sum("letters")).isEqualTo(RecordedRun.BAD_ROWS.size());
    }

    /**
     * Equal rows, doubles within a relative 1e-9: AVG and SUM add in the order rows arrive, which
     * differs between the two sources (last-digit differences were seen).
     */
    private static void assertSameRows(
            String what, List<List<Object>> actual, List<List<Object>> expected) {
        assertThat(actual).as(what + ": row count").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            List<Object> a = actual.get(i);
            List<Object> e = expected.get(i);
            assertThat(a).as(what + ": width of row " + i).hasSameSizeAs(e);
            for (int j = 0; j < e.size(); j++) {
                if (e.get(j) instanceof Double d && a.get(j) instanceof Double x) {
                    assertThat(x)
                            .as(what + ": row " + i + " column " + j)
                            .isCloseTo(d, within(1e-9 * Math.max(1.0, Math.abs(d))));
                } else {
                    assertThat(a.get(j))
                            .as(what + ": row " + i + " column " + j)
                            .isEqualTo(e.get(j));
                }
            }
        }
    }

    /** The committed rows of one table's part files (in-progress files start with a dot). */
    private static List<String> fileRows(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        rows.add(line);
                    }
                }
            }
        }
        return rows;
    }

    /** Every committed message of a one-partition topic, read as a read_committed consumer. */
    private static List<String> committedMessages(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (c.position(tp, Duration.ofSeconds(30)) < end) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
