package dev.rivulet.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.operators.telemetry.JsonLines;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code sql/reward_parts_by_task.sql} on a real Flink table environment over hand-made
 * rollout telemetry (written by the job's own JSON writer, plus one line from before {@code
 * reward_parts} existed) and checks every row against means computed by hand.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RewardPartsViewITCase {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir Path tmp;

    private static String event(
            String id, String task, int difficulty, long second, long version, Object... parts) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i += 2) {
            m.put((String) parts[i], ((Number) parts[i + 1]).doubleValue());
        }
        double reward = m.getOrDefault("correctness", 0.0);
        return JsonLines.toJson(
                new RolloutEvent(
                        T0.plusSeconds(second).toEpochMilli(),
                        id,
                        "p-" + id,
                        task,
                        difficulty,
                        0,
                        reward,
                        0.0,
                        version,
                        4,
                        2,
                        false,
                        "STOP",
                        m,
                        RolloutEvent.TRAIN));
    }

    private static LocalDateTime minute(int m) {
        return LocalDateTime.ofInstant(T0.plusSeconds(60L * m), ZoneOffset.UTC);
    }

    @Test
    void meansOfEachPartPerTaskDifficultyAndWindow() throws Exception {
        Path rollouts = tmp.resolve("run").resolve("telemetry").resolve(TelemetrySinks.ROLLOUTS);
        Files.createDirectories(rollouts);
        List<String> lines = new ArrayList<>();
        // minute 0, arith/1: correct+formatted, wrong+formatted, unformatted
        lines.add(event("a1", "arith", 1, 5, 3, "correctness", 1, "format", 1));
        lines.add(event("a2", "arith", 1, 20, 4, "correctness", 0, "format", 1));
        lines.add(event("a3", "arith", 1, 59, 4, "correctness", 0, "format", 0));
        // minute 0, sort/2: the right numbers, once in the wrong order
        lines.add(event("s1", "sort", 2, 10, 2, "correctness", 0, "format", 1, "multiset", 1));
        lines.add(event("s2", "sort", 2, 30, 5, "correctness", 1, "format", 1, "multiset", 1));
        // minute 1, arith/1 and arith/2
        lines.add(event("a4", "arith", 1, 60, 6, "correctness", 1, "format", 1));
        lines.add(event("b1", "arith", 2, 70, 6, "correctness", 0, "format", 0));
        lines.add(event("b2", "arith", 2, 119, 7, "correctness", 1, "format", 1));
        // a line written before reward_parts existed: no part rows (and it does not fail)
        lines.add(
                "{\"ts\":"
                        + T0.plusSeconds(15).toEpochMilli()
                        + ",\"rollout_id\":\"old\",\"prompt_id\":\"p-old\",\"task\":\"arith\","
                        + "\"difficulty\":1,\"shard\":0,\"reward\":1.0,\"advantage\":0.0,"
                        + "\"policy_version\":9,\"response_tokens\":4,\"group_size\":2,"
                        + "\"dropped\":false,\"finish_reason\":\"STOP\"}");
        Files.write(rollouts.resolve("part-0-0.json"), lines, StandardCharsets.UTF_8);

        Path sqlDir = RecordedRun.sqlDir();
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        SqlViews views =
                new SqlViews(sqlDir, TelemetryTables.files(sqlDir, tmp.resolve("run")), conf);
        SqlResult r = views.run(sqlDir.resolve("reward_parts_by_task.sql"));

        assertThat(r.columns())
                .containsExactly(
                        "window_start",
                        "window_end",
                        "task",
                        "difficulty",
                        "part",
                        "rollouts",
                        "part_mean",
                        "policy_version");
        // window, task, difficulty, part -> rollouts, mean (by hand), max version
        List<List<Object>> expected =
                List.of(
                        List.of(0, "arith", 1, "correctness", 3L, 1.0 / 3, 4L),
                        List.of(0, "arith", 1, "format", 3L, 2.0 / 3, 4L),
                        List.of(0, "sort", 2, "correctness", 2L, 0.5, 5L),
                        List.of(0, "sort", 2, "format", 2L, 1.0, 5L),
                        List.of(0, "sort", 2, "multiset", 2L, 1.0, 5L),
                        List.of(1, "arith", 1, "correctness", 1L, 1.0, 6L),
                        List.of(1, "arith", 1, "format", 1L, 1.0, 6L),
                        List.of(1, "arith", 2, "correctness", 2L, 0.5, 7L),
                        List.of(1, "arith", 2, "format", 2L, 0.5, 7L));
        assertThat(r.rows()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            List<Object> want = expected.get(i);
            List<Object> row = r.rows().get(i);
            String at = "row " + i + " " + row;
            int w = (Integer) want.get(0);
            assertThat(row.get(0)).as(at).isEqualTo(minute(w));
            assertThat(row.get(1)).as(at).isEqualTo(minute(w + 1));
            assertThat(row.subList(2, 6)).as(at).isEqualTo(want.subList(1, 5));
            assertThat((Double) row.get(6)).as(at).isCloseTo((Double) want.get(5), within(1e-12));
            assertThat(row.get(7)).as(at).isEqualTo(want.get(6));
        }

        // the same view plans as a continuous query over the growing files
        TableEnvironment env = SqlMonitorJob.streamingEnvironment();
        TelemetryTables.files(sqlDir, tmp.resolve("run"))
                .register(env, false, Duration.ofSeconds(1));
        String plan =
                env.sqlQuery(SqlFile.read(sqlDir.resolve("reward_parts_by_task.sql")).query())
                        .explain();
        assertThat(plan).contains("reward_parts");
    }
}
