package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.state.CheckpointDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives a real DJL model server (tiny model) through {@link PolicyClient} over Flight. */
class ModelServerITCase {

    @TempDir Path dir;

    private static List<Completion> sorted(List<Completion> cs) {
        List<Completion> out = new ArrayList<>(cs);
        out.sort(
                Comparator.comparing(Completion::requestId)
                        .thenComparingInt(Completion::sampleIndex));
        return out;
    }

    @Test
    void generateTrainScoreCommitRollbackLedgerCheckpoint() throws Exception {
        try (TinyServer s = new TinyServer(null, dir)) {
            PolicyClient client = s.client(null);
            assertThat(client.health().join().status()).isEqualTo("ok");
            assertThat(client.version().join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(0, 0));

            List<Completion> gen = sorted(client.generate(TinyServer.requests()).join());
            assertThat(gen)
                    .isNotEmpty()
                    .allMatch(c -> c.hasEntropies() && c.entropies().length == c.tokens().length);
            assertThat(gen).hasSize(5);
            for (Completion c : gen) {
                assertThat(c.policyVersion()).isZero();
                assertThat(c.tokens()).hasSameSizeAs(c.logprobs()).isNotEmpty();
                assertThat(c.promptTokens().length + c.tokens().length).isLessThanOrEqualTo(16);
            }
            // the behaviour log-probs are the policy's: scoring the same tokens agrees
            List<ScoreRequest> sr = new ArrayList<>();
            for (Completion c : gen) {
                sr.add(
                        new ScoreRequest(
                                c.requestId() + c.sampleIndex(), c.promptTokens(), c.tokens()));
            }
            List<ScoreResult> scores = client.score(sr).join();
            for (int i = 0; i < gen.size(); i++) {
                float[] want = gen.get(i).logprobs();
                float[] got = scores.get(i).logprobs();
                for (int t = 0; t < want.length; t++) {
                    assertThat((double) got[t]).isCloseTo(want[t], within(1e-3));
                }
            }

            TrainResult r1 = client.train(TinyServer.batch("b1", gen)).join();
            assertThat(r1.policyVersion()).isEqualTo(1);
            assertThat(r1.duplicate()).isFalse();
            assertThat(r1.samples()).isEqualTo(5);
            TrainResult again = client.train(TinyServer.batch("b1", gen)).join();
            assertThat(again).isEqualTo(r1.asDuplicate());
            assertThat(client.version().join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(1, 0));
            assertThat(client.ledger().join()).hasSize(5).allMatch(e -> e.policyVersion() == 1);

            assertThat(client.commit(1).join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(1, 1));
            assertThat(new CheckpointDirectory(dir).latest()).isPresent();
            assertThat(client.commit(1).join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(1, 1));

            List<Completion> gen2 = client.generate(TinyServer.requests()).join();
            assertThat(gen2).allMatch(c -> c.policyVersion() == 1);
            TrainResult r2 = client.train(TinyServer.batch("b2", gen2)).join();
            assertThat(r2.policyVersion()).isEqualTo(2);
            assertThat(client.ledger().join()).hasSize(10);

            List<ScoreResult> atTwo = client.score(sr).join();
            assertThat(client.rollback(1).join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(1, 1));
            List<LedgerEntry> ledger = client.ledger().join();
            assertThat(ledger).hasSize(5).allMatch(e -> e.batchId().equals("b1"));
            // the batch that was rolled back can be trained again and gives the same version 2
            TrainResult redo = client.train(TinyServer.batch("b2", gen2)).join();
            assertThat(redo.duplicate()).isFalse();
            assertThat(redo.policyVersion()).isEqualTo(2);
            assertThat(redo.loss()).isEqualTo(r2.loss());
            assertThat(client.score(sr).join()).isEqualTo(atTwo);

            CheckpointInfo ckpt = client.checkpoint().join();
            assertThat(ckpt.policyVersion()).isEqualTo(2);
            assertThat(Path.of(ckpt.path())).isDirectory().startsWith(dir.resolve("snapshots"));

            String metrics = s.scrape();
            assertThat(metrics)
                    .contains(
                            "rivulet_server_generated_tokens_total ",
                            "rivulet_server_generate_seconds_bucket",
                            "rivulet_server_train_seconds_count 4",
                            "rivulet_server_policy_version 2.0",
                            "rivulet_server_committed_version 1.0",
                            "rivulet_server_loss ",
                            "rivulet_server_entropy ",
                            "rivulet_server_kl ",
                            "rivulet_server_clip_fraction ",
                            "rivulet_server_queue_depth 0",
                            "rivulet_server_kl_beta 0.0",
                            "rivulet_server_kl_reference 0.0",
                            "rivulet_server_ledger_rollouts_in_memory ",
                            "rivulet_server_errors_total{code=\"INVALID_REQUEST\"} 0",
                            "rivulet_server_learner_busy_fraction ",
                            "jvm_memory_used_bytes");
            // the two applied steps (the repeats train nothing), inside the train calls' latency
            double inSteps = scraped(metrics, "rivulet_server_train_step_seconds_total");
            assertThat(inSteps).isPositive();
            assertThat(inSteps)
                    .isLessThanOrEqualTo(scraped(metrics, "rivulet_server_train_seconds_sum"));
        }
    }

    /** The value of the unlabelled sample {@code name} in a Prometheus text scrape. */
    private static double scraped(String scrape, String name) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + name + " in the scrape");
    }

    @Test
    void restartFromCheckpointGivesIdenticalOutputs() throws Exception {
        List<Completion> before;
        List<ScoreResult> scoresBefore;
        List<ScoreRequest> sr = new ArrayList<>();
        try (TinyServer s = new TinyServer(null, dir)) {
            PolicyClient client = s.client(null);
            List<Completion> gen = sorted(client.generate(TinyServer.requests()).join());
            client.train(TinyServer.batch("b1", gen)).join();
            client.commit(1).join();
            // trained after the commit: not in the checkpoint, so the restart serves version 1
            client.train(TinyServer.batch("b2", gen.subList(0, 2))).join();
            client.rollback(1).join();
            before = sorted(client.generate(TinyServer.requests()).join());
            for (Completion c : before) {
                sr.add(
                        new ScoreRequest(
                                c.requestId() + c.sampleIndex(), c.promptTokens(), c.tokens()));
            }
            scoresBefore = client.score(sr).join();
        }
        try (TinyServer s = new TinyServer(null, dir)) {
            PolicyClient client = s.client(null);
            assertThat(client.version().join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(1, 1));
            assertThat(client.ledger().join()).hasSize(5).allMatch(e -> e.batchId().equals("b1"));
            List<Completion> after = sorted(client.generate(TinyServer.requests()).join());
            assertThat(after).isEqualTo(before);
            assertThat(client.score(sr).join()).isEqualTo(scoresBefore);
        }
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith("ckpt-")))
                .hasSize(1);
    }

    @Test
    void aBatchSentBeforeARollbackIsFencedOffByLineage() throws Exception {
        try (TinyServer s = new TinyServer(null, dir)) {
            PolicyClient client = s.client(null);
            List<Completion> gen = sorted(client.generate(TinyServer.requests()).join());
            String first = client.version().join().lineage();
            assertThat(first).isNotEmpty();
            TrainResult r1 =
                    client.train(TinyServer.batch("b1", gen).withBaseVersion(0).withLineage(first))
                            .join();
            assertThat(r1.policyVersion()).isEqualTo(1);
            // a new task attempt rolls back: the server draws a new lineage
            PolicyVersion back = client.rollback(1).join();
            assertThat(back.lineage()).isNotEmpty().isNotEqualTo(first);
            // a batch the old attempt still had in flight is refused and changes nothing
            assertThatThrownBy(
                            () ->
                                    client.train(
                                                    TinyServer.batch("b2", gen.subList(0, 2))
                                                            .withBaseVersion(1)
                                                            .withLineage(first))
                                            .join())
                    .hasCauseInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("lineage " + first)
                    .hasMessageContaining("nothing was applied");
            assertThat(client.version().join().current()).isEqualTo(1);
            // the same batch on the new lineage is applied
            assertThat(
                            client.train(
                                            TinyServer.batch("b2", gen.subList(0, 2))
                                                    .withBaseVersion(1)
                                                    .withLineage(back.lineage()))
                                    .join()
                                    .policyVersion())
                    .isEqualTo(2);
        }
        try (TinyServer s = new TinyServer(null, dir)) {
            // a restarted server is on a lineage of its own
            assertThat(s.client(null).version().join().lineage()).isNotEmpty();
        }
    }

    @Test
    void preparedVersionOutlivesACrashBeforeItsCommit() throws Exception {
        List<ScoreRequest> sr = new ArrayList<>();
        List<ScoreResult> atTwo;
        WeightsDigest digestTwo;
        try (TinyServer s = new TinyServer(null, dir)) {
            PolicyClient client = s.client(null);
            List<Completion> gen = sorted(client.generate(TinyServer.requests()).join());
            for (Completion c : gen) {
                sr.add(
                        new ScoreRequest(
                                c.requestId() + c.sampleIndex(), c.promptTokens(), c.tokens()));
            }
            client.train(TinyServer.batch("b1", gen).withBaseVersion(0)).join();
            client.prepare(1).join();
            client.commit(1).join();
            client.train(TinyServer.batch("b2", gen).withBaseVersion(1)).join();
            // Flink checkpoint n records version 2: prepared, and the commit never arrives
            assertThat(client.prepare(2).join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(2, 1));
            digestTwo = client.digest(2).join();
            assertThat(digestTwo.consistent()).isTrue();
            atTwo = client.score(sr).join();
            client.train(TinyServer.batch("b3", gen).withBaseVersion(2)).join();
            // a batch built against another version is refused and changes nothing
            assertThatThrownBy(
                            () ->
                                    client.train(TinyServer.batch("b4", gen).withBaseVersion(2))
                                            .join())
                    .hasCauseInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("expects base version 2 but the server is at version 3");
        }
        try (TinyServer s = new TinyServer(null, dir)) {
            PolicyClient client = s.client(null);
            assertThat(client.version().join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(1, 1));
            // the restored job rolls the server forward to the version its checkpoint expects
            assertThat(client.rollback(2).join())
                    .usingRecursiveComparison()
                    .ignoringFields("lineage")
                    .isEqualTo(new PolicyVersion(2, 1));
            assertThat(client.ledger().join())
                    .hasSize(10)
                    .extracting(LedgerEntry::batchId)
                    .containsOnly("b1", "b2");
            assertThat(client.score(sr).join()).isEqualTo(atTwo);
            WeightsDigest d = client.digest(2).join();
            assertThat(d.memory()).isEqualTo(digestTwo.memory());
            assertThat(d.consistent()).isTrue();
            assertThatThrownBy(() -> client.rollback(0).join())
                    .hasMessageContaining("allowed versions are 1..2");
            client.commit(2).join();
        }
        assertThat(new CheckpointDirectory(dir).versions().keySet()).containsExactly(2L);
    }
}
