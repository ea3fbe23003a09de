package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.tools.demo.ServerLauncher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two arms and the synchronous baseline against the deterministic server: compare.json shape. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CompareRunnerITCase {

    @TempDir Path out;

    @Test
    void writesCompareJsonWithEveryArmAndTheSyncRatio() throws Exception {
        ServerLauncher launcher =
                (settings, dir) -> {
                    TestPolicyServer s =
                            new TestPolicyServer(
                                    new DeterministicPolicyService(new ArithAnswerer()));
                    return new ServerLauncher.Launched() {
                        @Override
                        public PolicyEndpoint endpoint() {
                            return s.endpoint();
                        }

                        @Override
                        public void close() throws Exception {
                            s.close();
                        }
                    };
                };
        JobSettings base =
                JobSettings.of(
                        Map.of(
                                "rivulet.source.pool-size",
                                "200",
                                "rivulet.learner.batch-size",
                                "32",
                                "rivulet.learner.min-batch",
                                "16",
                                "rivulet.learner.max-staleness",
                                "1000"));
        CompareResult result =
                CompareRunner.run(
                        new CompareRunner.Plan(
                                out,
                                List.of(Arms.UNIFORM_GRPO, Arms.select("spo").get(0)),
                                1,
                                300,
                                Duration.ofSeconds(20),
                                base,
                                3,
                                Duration.ofSeconds(4),
                                true),
                        launcher,
                        new PrintStream(PrintStream.nullOutputStream()));
        result.write(out, "uniform-grpo");
        JsonNode json = new ObjectMapper().readTree(out.resolve("compare.json").toFile());
        assertThat(json.path("arms")).hasSize(2);
        for (JsonNode a : json.path("arms")) {
            assertThat(a.has("name")).isTrue();
            assertThat(a.path("rollouts_to_target").has("median")).isTrue();
            assertThat(a.path("final_accuracy").has("median")).isTrue();
            assertThat(a.has("effective_gradient_ratio")).isTrue();
            assertThat(a.path("wall_seconds").asDouble()).isPositive();
        }
        assertThat(json.path("streaming_vs_sync").path("sync_seconds").asDouble()).isPositive();
        assertThat(Files.readString(out.resolve("compare.html"))).contains("<svg");
    }
}
