package dev.rivulet.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.task.FieldMappings;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.source.PromptAdmission;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-time scan against the deterministic server, and the evaluation set it yields. */
class PromptFilesTest {

    @TempDir Path dir;

    private final JsonlPromptParser parser =
            JsonlPromptParser.create(FieldMappings.parse("default", "exact"));

    @Test
    void scansEveryFileOfADirectoryAndCountsWhatTheServerRefuses() throws Exception {
        Files.write(
                dir.resolve("a.jsonl"),
                List.of(
                        "{\"prompt\":\"1+1=\",\"answer\":\"2\"}",
                        "",
                        "{\"prompt\":\"12345678901+1=\",\"answer\":\"2\"}",
                        "{\"prompt\":"),
                StandardCharsets.UTF_8);
        Files.write(
                dir.resolve("b.jsonl"),
                List.of(
                        "{\"prompt\":\"2€=\",\"answer\":\"2\"}",
                        "{\"prompt\":\"2+2=\",\"answer\":\"4\",\"difficulty\":2}"),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("_hidden.jsonl"), "{\"prompt\":\"3+3=\",\"answer\":\"6\"}");
        try (var server =
                        new TestPolicyServer(
                                new DeterministicPolicyService()
                                        .withContext(12)
                                        .refuseCharacters("€"));
                var client = PolicyClients.open(server.endpoint())) {
            PromptScan scan =
                    PromptFiles.scan(dir.toString(), parser, client, PromptAdmission.raw(4));
            assertThat(scan.rows()).isEqualTo(5);
            assertThat(scan.servable()).extracting(Prompt::text).containsExactly("1+1=", "2+2=");
            assertThat(scan.deadLetters()).isEqualTo(3);
            assertThat(scan.firstReasons())
                    .containsExactly(
                            "a.jsonl:4: truncated-json: Unexpected end-of-input within/between Object"
                                    + " entries",
                            "a.jsonl:3: too long: 14 prompt tokens + 4 new tokens > context 12",
                            "b.jsonl:1: cannot be tokenized: character '€' is not in the"
                                    + " vocabulary")
                    .hasSize(3);

            EvalSet all = EvalSet.of(scan.servable(), 10);
            assertThat(all.cells()).containsOnlyKeys("exact", "exact:2");
            assertThat(all.difficulties()).containsEntry("exact:2", 2);
            assertThat(EvalSet.of(scan.servable(), 1).size()).isEqualTo(1);
            assertThat(EvalSet.heldOut(scan.servable(), new HeldOutSplit(0.0, "s"), 10).size())
                    .isZero();
        }
    }

    @Test
    void failsAtStartOnAMissingPathOrNothingServable() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, List.of("{\"prompt\":\"2€=\",\"answer\":\"2\"}", "nope"));
        try (var server =
                        new TestPolicyServer(
                                new DeterministicPolicyService().refuseCharacters("€"));
                var client = PolicyClients.open(server.endpoint())) {
            assertThatThrownBy(
                            () ->
                                    PromptFiles.scan(
                                            dir.resolve("missing.jsonl").toString(),
                                            parser,
                                            client,
                                            PromptAdmission.raw(4)))
                    .hasMessageContaining("prompt path " + dir.resolve("missing.jsonl"))
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(
                            () ->
                                    PromptFiles.scan(
                                            bad.toString(), parser, client, PromptAdmission.raw(4)))
                    .hasMessageStartingWith(
                            "no servable prompt in "
                                    + bad
                                    + ": 2 rows, 2 dead letters, first reasons: ")
                    .hasMessageContaining("bad.jsonl:2: bad-json")
                    .hasMessageContaining("bad.jsonl:1: cannot be tokenized");
        }
    }
}
