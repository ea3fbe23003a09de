package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a finished run's report.html again from what the run left on disk (its telemetry tables
 * and summary.json), so that an older run gets the current charts.
 */
public final class RunReport {

    private RunReport() {}

    /** Rewrites {@code runDir/report.html}; returns its path. */
    public static Path rewrite(Path runDir) throws IOException {
        Path summaryFile = runDir.resolve("summary.json");
        if (!Files.exists(summaryFile)) {
            throw new IllegalArgumentException(
                    "no summary.json in " + runDir + ": the run did not finish");
        }
        ObjectNode summary = (ObjectNode) new ObjectMapper().readTree(summaryFile.toFile());
        Path telemetry = runDir.resolve("telemetry");
        List<JsonNode> evaluations = TelemetryReader.readAll(telemetry, TelemetrySinks.EVALUATIONS);
        RunData data = new RunData(startMillis(evaluations));
        data.evaluations.addAll(evaluations);
        data.addRollouts(TelemetryReader.readAll(telemetry, TelemetrySinks.ROLLOUTS));
        data.steps.addAll(TelemetryReader.readAll(telemetry, TelemetrySinks.LEARNER_STEPS));
        data.deadLetters.addAll(TelemetryReader.readAll(telemetry, TelemetrySinks.DEAD_LETTERS));
        Path out = runDir.resolve("report.html");
        HtmlReport.write(data, summary, out);
        return out;
    }

    /**
     * When the run started: each evaluation row carries its time and the seconds since the start;
     * with no evaluation, the earliest telemetry row.
     */
    static long startMillis(List<JsonNode> evaluations) {
        for (JsonNode e : evaluations) {
            if (e.has("ts") && e.has("elapsed_s")) {
                return e.path("ts").asLong() - Math.round(e.path("elapsed_s").asDouble() * 1000);
            }
        }
        return evaluations.stream().mapToLong(e -> e.path("ts").asLong()).min().orElse(0L);
    }
}
