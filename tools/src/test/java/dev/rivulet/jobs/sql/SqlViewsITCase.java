package dev.rivulet.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.tools.report.TelemetryReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every query of {@code sql/} against a live-recorded run and checks each result's
 * columns, and that the numbers agree with the run's {@code summary.json}; then plans every view as
 * a continuous query and follows one of them over the growing files in streaming mode.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SqlViewsITCase {

    /** The columns each query must return; a new query file must be added here. */
    private static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put(
                "reward_by_difficulty",
                List.of(
                        "window_start",
                        "window_end",
                        "task",
                        "difficulty",
                        "rollouts",
                        "reward_mean",
                        "policy_version"));
        COLUMNS.put(
                "reward_parts_by_task",
                List.of(
                        "window_start",
                        "window_end",
                        "task",
                        "difficulty",
                        "part",
                        "rollouts",
                        "part_mean",
                        "policy_version"));
        COLUMNS.put(
                "heldout_accuracy_by_difficulty",
                List.of(
                        "window_start",
                        "window_end",
                        "cell",
                        "task",
                        "difficulty",
                        "evaluations",
                        "accuracy",
                        "policy_version"));
        COLUMNS.put(
                "heldout_accuracy_latest",
                List.of(
                        "cell",
                        "task",
                        "difficulty",
                        "policy_version",
                        "correct",
                        "total",
                        "accuracy",
                        "ts"));
        COLUMNS.put(
                "effective_gradient_ratio",
                List.of(
                        "window_start",
                        "window_end",
                        "steps",
                        "samples",
                        "effective_gradient_ratio",
                        "policy_version"));
        COLUMNS.put(
                "staleness_percentiles",
                List.of(
                        "window_start",
                        "window_end",
                        "steps",
                        "staleness_p50",
                        "staleness_p95",
                        "staleness_max"));
        COLUMNS.put(
                "rollouts_per_prompt",
                List.of(
                        "band",
                        "prompts",
                        "rollouts",
                        "rollouts_per_prompt",
                        "min_rollouts",
                        "max_rollouts"));
        COLUMNS.put(
                "prompts_never_solved",
                List.of(
                        "prompt_id",
                        "task",
                        "difficulty",
                        "rollouts",
                        "first_ts",
                        "last_ts",
                        "last_policy_version"));
        COLUMNS.put(
                "entropy_kl_trend",
                List.of(
                        "window_start",
                        "window_end",
                        "steps",
                        "entropy_mean",
                        "entropy_min",
                        "kl_mean",
                        "kl_max",
                        "clip_fraction_mean",
                        "loss_mean",
                        "policy_version"));
        COLUMNS.put(
                "guidance_by_difficulty",
                List.of(
                        "window_start",
                        "window_end",
                        "task",
                        "difficulty",
                        "rollouts",
                        "zero_advantage_share",
                        "hinted_share",
                        "hinted_reward_mean",
                        "max_hint_level"));
        COLUMNS.put(
                "dead_letters_by_reason",
                List.of("source", "code", "letters", "example_reason", "first_line", "last_line"));
    }

    @TempDir static Path tmp;

    private static Path sqlDir;
    private static Path run;
    private static JsonNode summary;
    private static Map<String, SqlResult> results;

    @BeforeAll
    static void recordAndQuery() throws Exception {
        sqlDir = RecordedRun.sqlDir();
        summary = RecordedRun.record(tmp, Duration.ofSeconds(10));
        run = tmp.resolve("run");
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        SqlViews views = new SqlViews(sqlDir, TelemetryTables.files(sqlDir, run), conf);
        results = new HashMap<>();
        for (SqlResult r : views.runAll()) {
            results.put(r.name(), r);
        }
    }

    @Test
    void everyQueryStatesItsQuestionAndReturnsItsColumns() {
        Set<String> files = new HashSet<>();
        for (Path f : SqlViews.queryFiles(sqlDir)) {
            files.add(SqlFile.read(f).name());
        }
        assertThat(files).as("query files in sql/").isEqualTo(COLUMNS.keySet());
        for (var e : COLUMNS.entrySet()) {
            SqlResult r = results.get(e.getKey());
            assertThat(r.question()).as(e.getKey()).startsWith("Question: ").hasSizeGreaterThan(40);
            assertThat(r.columns()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.rows()).as(e.getKey() + " has rows").isNotEmpty();
            assertThat(r.toText(5)).contains(e.getValue().get(0));
        }
    }

    @Test
    void rolloutCountsAgreeWithTheSummary() throws Exception {
        long generated = summary.path("rollouts_generated").asLong();
        assertThat(generated).isPositive();
        assertThat(results.get("reward_by_difficulty").sum("rollouts")).isEqualTo(generated);
        SqlResult perPrompt = results.get("rollouts_per_prompt");
        assertThat(perPrompt.sum("rollouts")).isEqualTo(generated);
        Set<String> prompts = new HashSet<>();
        for (JsonNode r :
                TelemetryReader.readAll(run.resolve("telemetry"), TelemetrySinks.ROLLOUTS)) {
            prompts.add(r.path("prompt_id").asText());
        }
        assertThat(perPrompt.sum("prompts")).isEqualTo(prompts.size());
        // for 0/1 rewards "never solved" is band 0, counted the same way by both queries
        long neverSolved = results.get("prompts_never_solved").rows().size();
        int band = perPrompt.columns().indexOf("band");
        long band0 =
                perPrompt.rows().stream()
                        .filter(row -> row.get(band).toString().startsWith("0:"))
                        .mapToLong(row -> ((Number) row.get(1)).longValue())
                        .sum();
        assertThat(neverSolved).isEqualTo(band0);
        // prompts with a wrong reference answer ("u..." ids) can never be solved
        List<Object> neverSolvedIds = results.get("prompts_never_solved").column("prompt_id");
        Set<String> unsolvable = new HashSet<>();
        for (String id : prompts) {
            if (id.startsWith("u")) {
                unsolvable.add(id);
            }
        }
        assertThat(unsolvable).isNotEmpty();
        assertThat(neverSolvedIds).containsAll(unsolvable);
        // every generated rollout reports a correctness part, equal to its 0/1 reward
        SqlResult parts = results.get("reward_parts_by_task");
        int part = parts.columns().indexOf("part");
        int partRollouts = parts.columns().indexOf("rollouts");
        int partMean = parts.columns().indexOf("part_mean");
        long withCorrectness = 0;
        double correct = 0;
        for (List<Object> row : parts.rows()) {
            if ("correctness".equals(row.get(part))) {
                long n = ((Number) row.get(partRollouts)).longValue();
                withCorrectness += n;
                correct += n * ((Number) row.get(partMean)).doubleValue();
            }
        }
        assertThat(withCorrectness).isEqualTo(generated);
        SqlResult byDifficulty = results.get("reward_by_difficulty");
        double rewarded = 0;
        for (List<Object> row : byDifficulty.rows()) {
            rewarded += ((Number) row.get(4)).doubleValue() * ((Number) row.get(5)).doubleValue();
        }
        assertThat(correct).isCloseTo(rewarded, within(1e-6));
        for (Object reward : results.get("reward_by_difficulty").column("reward_mean")) {
            assertThat((Double) reward).isBetween(0.0, 1.0);
        }
    }

    @Test
    void guidanceCountsAgreeWithTheTelemetry() throws Exception {
        long train = 0;
        long zero = 0;
        long hinted = 0;
        for (JsonNode r :
                TelemetryReader.readAll(run.resolve("telemetry"), TelemetrySinks.ROLLOUTS)) {
            if ("train".equals(r.path("phase").asText())) {
                train++;
                zero += Math.abs(r.path("advantage").asDouble()) < 1e-12 ? 1 : 0;
                hinted += r.path("hint_level").asInt(0) > 0 ? 1 : 0;
            }
        }
        SqlResult g = results.get("guidance_by_difficulty");
        assertThat(train).isPositive();
        assertThat(g.sum("rollouts")).isEqualTo(train);
        int n = g.columns().indexOf("rollouts");
        int z = g.columns().indexOf("zero_advantage_share");
        int h = g.columns().indexOf("hinted_share");
        double zeroRows = 0;
        double hintedRows = 0;
        for (List<Object> row : g.rows()) {
            long rollouts = ((Number) row.get(n)).longValue();
            zeroRows += rollouts * ((Number) row.get(z)).doubleValue();
            hintedRows += rollouts * ((Number) row.get(h)).doubleValue();
        }
        assertThat(zeroRows).isCloseTo(zero, within(1e-6));
        assertThat(hintedRows).isCloseTo(hinted, within(1e-6));
    }

    @Test
    void learnerViewsAgreeWithTheSummary() {
        SqlResult egr = results.get("effective_gradient_ratio");
        double samples = egr.sum("samples");
        assertThat(samples).isEqualTo(summary.path("rollouts_trained").asDouble());
        double weighted = 0;
        for (List<Object> row : egr.rows()) {
            weighted += ((Number) row.get(3)).doubleValue() * ((Number) row.get(4)).doubleValue();
        }
        assertThat(weighted / samples)
                .isCloseTo(summary.path("effective_gradient_ratio").asDouble(), within(1e-9));
        assertThat(results.get("entropy_kl_trend").sum("steps"))
                .isEqualTo(summary.path("learner_steps").asDouble());
        SqlResult staleness = results.get("staleness_percentiles");
        for (List<Object> row : staleness.rows()) {
            double p50 = (Double) row.get(3);
            double p95 = (Double) row.get(4);
            long max = (Long) row.get(5);
            assertThat(p50).isLessThanOrEqualTo(p95);
            assertThat(p95).isLessThanOrEqualTo(max);
        }
        assertThat(staleness.sum("steps")).isEqualTo(egr.sum("steps"));
    }

    @Test
    void heldOutAccuracyAgreesWithTheSummary() {
        JsonNode byCell = summary.path("accuracy_by_difficulty");
        SqlResult latest = results.get("heldout_accuracy_latest");
        assertThat(latest.rows()).hasSize(byCell.size());
        for (List<Object> row : latest.rows()) {
            String cell = (String) row.get(0);
            assertThat(byCell.has(cell)).as("summary has cell " + cell).isTrue();
            assertThat((Double) row.get(6))
                    .as("final accuracy of " + cell)
                    .isCloseTo(byCell.path(cell).path("final").asDouble(), within(1e-12));
            assertThat(((Number) row.get(5)).longValue())
                    .isEqualTo(byCell.path(cell).path("prompts").asLong());
        }
        SqlResult windows = results.get("heldout_accuracy_by_difficulty");
        // the base, every periodic and the final evaluation each wrote one row per cell
        long evaluations = (long) windows.sum("evaluations");
        assertThat(evaluations % byCell.size()).isZero();
        assertThat(evaluations / byCell.size()).isGreaterThanOrEqualTo(2);
        for (Object a : windows.column("accuracy")) {
            assertThat((Double) a).isBetween(0.0, 1.0);
        }
    }

    @Test
    void deadLettersAgreeWithTheSummary() {
        SqlResult dead = results.get("dead_letters_by_reason");
        long expected = summary.path("dead_letters").asLong();
        assertThat(expected).isEqualTo(RecordedRun.BAD_ROWS.size());
        assertThat(dead.sum("letters")).isEqualTo(expected);
        assertThat(new HashSet<>(dead.column("code"))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void everyViewPlansAsAContinuousQuery() {
        TableEnvironment env = SqlMonitorJob.streamingEnvironment();
        String plan =
                SqlMonitorJob.build(
                                env,
                                new SqlMonitorJob.Options(
                                        sqlDir,
                                        TelemetryTables.files(sqlDir, run),
                                        Duration.ofSeconds(1),
                                        "blackhole",
                                        List.of()))
                        .explain();
        for (String view : COLUMNS.keySet()) {
            assertThat(plan).contains("view_" + view);
        }
    }

    @Test
    void aContinuousViewFollowsTheFiles() throws Exception {
        TableEnvironment env = SqlMonitorJob.streamingEnvironment();
        TelemetryTables.files(sqlDir, run).register(env, false, Duration.ofMillis(200));
        String query = SqlFile.read(sqlDir.resolve("dead_letters_by_reason.sql")).query();
        TableResult result = env.sqlQuery(query).execute();
        long expected = summary.path("dead_letters").asLong();
        Map<List<Object>, Long> letters = new HashMap<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (letters.values().stream().mapToLong(Long::longValue).sum() < expected) {
                assertThat(it.hasNext()).isTrue();
                Row row = it.next();
                List<Object> key = List.of(row.getField(0), row.getField(1));
                if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                    letters.put(key, (Long) row.getField(2));
                } else {
                    letters.remove(key);
                }
            }
        }
        assertThat(letters.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
    }
}
