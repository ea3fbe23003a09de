package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded ledger: a window of versions in memory, older rows in the ledger archive (here with
 * segments of {@value #SEGMENT_BYTES} bytes, so that every scenario crosses sealed, compressed
 * segments), checkpoints holding the window and its horizon, and restores that neither lose nor
 * duplicate a row.
 */
class LedgerTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    private static final int WINDOW = 4;
    private static final int PER_BATCH = 3;

    /** Archive segment size: two or three versions a segment. */
    static final long SEGMENT_BYTES = 150;

    @TempDir Path root;
    private final List<TransformerPolicy> policies = new ArrayList<>();
    private final List<Learner> learners = new ArrayList<>();
    private List<Sample> samples;

    @BeforeEach
    void setUp() {
        TransformerPolicy p = policy();
        List<DecodeRequest> reqs = new ArrayList<>();
        for (String prompt : new String[] {"1+2=", "30-4=", "5*6="}) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(prompt), reqs.size()));
        }
        samples =
                new Generator(p, TOK.padId()).generate(reqs, SamplingParams.sample(5, TOK.eosId()));
    }

    @AfterEach
    void tearDown() {
        learners.forEach(Learner::close);
        policies.forEach(TransformerPolicy::close);
    }

    private TransformerPolicy policy() {
        TransformerPolicy p = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 5);
        policies.add(p);
        return p;
    }

    /** A store on the checkpoint root {@code dir}, or with nothing durable when it is null. */
    private PolicyStore store(Path dir) {
        Learner l =
                new Learner(
                        policy(),
                        PolicyLosses.create("ppo-clip"),
                        OptimizerConfig.defaults().withLearningRate(1e-3));
        learners.add(l);
        return new PolicyStore(
                l,
                WINDOW,
                dir == null
                        ? Durability.none()
                        : new CheckpointDirectory(
                                dir, CheckpointDirectory.DEFAULT_RETAINED, SEGMENT_BYTES));
    }

    /** Batch {@code b<n>} of rollouts {@code r<n>-<i>}. */
    private MicroBatch batch(long n) {
        List<TrainSample> out = new ArrayList<>();
        double adv = 1.0;
        for (int i = 0; i < PER_BATCH; i++) {
            Sample s = samples.get(i);
            out.add(
                    new TrainSample(
                            "r" + n + "-" + i, s.promptTokens(), s.tokens(), s.logprobs(), adv));
            adv = -adv;
        }
        return MicroBatch.of("b" + n, out);
    }

    /** Trains up to version {@code to}, each batch named after the version it makes. */
    private static void trainTo(LedgerTest t, PolicyStore s, long to) {
        while (s.version() < to) {
            assertThat(s.train(t.batch(s.version() + 1)).duplicate()).isFalse();
        }
    }

    /** Trains and commits (in memory) each version {@code from..to}. */
    private static void trainAndCommit(LedgerTest t, PolicyStore s, long from, long to)
            throws IOException {
        for (long v = from; v <= to; v++) {
            trainTo(t, s, v);
            s.commit(v);
        }
    }

    /** Two-phase commit as the service does it: prepare, then commit (LATEST, then memory). */
    private static void commitDurably(PolicyStore s, long v) throws IOException {
        assertThat(s.prepare(v)).isPresent();
        assertThat(s.commit(v)).isPresent();
    }

    private static List<LedgerRecord> history(PolicyStore s) throws IOException {
        List<LedgerRecord> out = new ArrayList<>();
        s.forEachLedgerEntry(out::add);
        return out;
    }

    /** Every version 1..to exactly once, its rollouts in order. */
    private static void assertFullHistory(List<LedgerRecord> h, long to) {
        List<String> expected = new ArrayList<>();
        LongStream.rangeClosed(1, to)
                .forEach(
                        v -> {
                            for (int i = 0; i < PER_BATCH; i++) {
                                expected.add("r" + v + "-" + i + "/b" + v + "/" + v);
                            }
                        });
        assertThat(h.stream().map(e -> e.rolloutId() + "/" + e.batchId() + "/" + e.version()))
                .containsExactlyElementsOf(expected);
    }

    private Path archiveFile() {
        return root.resolve(LedgerArchiveFile.FILE);
    }

    /** The archive's lines: the sealed segments (decompressed) in order, then the open one. */
    private List<String> archiveLines() throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> sealed;
        try (var files = Files.list(root)) {
            sealed =
                    files.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("ledger-archive-\\d+\\.tsv\\.gz"))
                            .sorted()
                            .toList();
        }
        for (Path p : sealed) {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                out.addAll(text.lines().toList());
            }
        }
        if (Files.exists(archiveFile())) {
            out.addAll(Files.readAllLines(archiveFile(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private int sealedSegments() throws IOException {
        try (var files = Files.list(root)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".tsv.gz")).count();
        }
    }

    private long lastArchivedVersion() throws IOException {
        List<String> lines = archiveLines();
        return lines.isEmpty() ? 0 : Ledger.lineVersion(lines.get(lines.size() - 1));
    }

    @Test
    void commitArchivesEntriesBehindTheWindowAndMemoryStaysBounded() throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 40; v++) {
            trainTo(this, s, v);
            s.commit(v);
            assertThat(s.ledger().size()).isLessThanOrEqualTo(WINDOW * PER_BATCH);
            assertThat(s.ledger().batchCount()).isLessThanOrEqualTo(WINDOW);
        }
        assertThat(s.ledger().horizon()).isEqualTo(40 - WINDOW);
        assertThat(s.ledger().size()).isEqualTo(WINDOW * PER_BATCH);
        assertThat(s.ledger().archivedRollouts()).isEqualTo((40 - WINDOW) * PER_BATCH);
        assertThat(lastArchivedVersion()).isEqualTo(40 - WINDOW);
        assertThat(archiveLines()).hasSize((40 - WINDOW) * (1 + PER_BATCH));
        assertThat(sealedSegments()).as("the archive rotated").isGreaterThan(5);
        assertFullHistory(history(s), 40);
        // the window still refuses duplicates
        assertThat(s.train(batch(40)).duplicate()).isTrue();
        MicroBatch again = MicroBatch.of("b-new", batch(39).samples());
        assertThatThrownBy(() -> s.train(again)).hasMessageContaining("already trained");
    }

    @Test
    void aLedgerViewStaysTheLedgerOfItsMomentWhileTrainingGoesOn() throws Exception {
        PolicyStore s = store(root);
        trainAndCommit(this, s, 1, 20);
        LedgerView at20 = s.ledgerView(); // horizon 20 - WINDOW, window (.., 20]
        trainAndCommit(this, s, 21, 40); // archives rows of that window and beyond
        List<LedgerRecord> seen = new ArrayList<>();
        at20.forEach(seen::add);
        assertFullHistory(seen, 20);

        LedgerView at40 = s.ledgerView();
        // a row being appended right now, cut mid-line where its version 41 reads as 4
        Files.writeString(
                archiveFile(),
                "rollout\tr41-0\tb41\t4",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        seen.clear();
        at40.forEach(seen::add);
        assertFullHistory(seen, 40);
    }

    @Test
    void checkpointsHoldOnlyTheWindow() throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 30; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        Path ckpt = new CheckpointDirectory(root).versions().lastEntry().getValue();
        // prepared before commit(30) archived: horizon 29 - WINDOW, window (25, 30]
        List<String> lines = Files.readAllLines(ckpt.resolve("ledger.tsv"));
        assertThat(lines).hasSize((WINDOW + 1) * (1 + PER_BATCH));
        assertThat(Files.readString(ckpt.resolve("meta.json")))
                .contains("\"ledgerHorizon\":" + (29 - WINDOW));
    }

    @Test
    void restoreAfterARestartReturnsTheFullHistory() throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 20; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        List<LedgerRecord> before = history(s);
        assertFullHistory(before, 20);

        PolicyStore restarted = store(root);
        restarted.restore();
        assertThat(restarted.version()).isEqualTo(20);
        assertThat(history(restarted)).containsExactlyElementsOf(before);
        assertThat(restarted.ledger().archivedRollouts() + restarted.ledger().size())
                .isEqualTo(20 * PER_BATCH);
        assertThat(restarted.train(batch(20)).duplicate()).isTrue();

        // and it trains and archives on from there without a gap or a repeat
        for (long v = 21; v <= 30; v++) {
            trainTo(this, restarted, v);
            commitDurably(restarted, v);
        }
        assertFullHistory(history(restarted), 30);
    }

    @Test
    void rollbackWithinTheWindowKeepsTheArchive() throws Exception {
        PolicyStore s = store(root);
        trainTo(this, s, 10);
        s.commit(10); // horizon 6
        trainTo(this, s, 14);
        s.rollback(11);
        assertThat(s.ledger().horizon()).isEqualTo(10 - WINDOW);
        assertFullHistory(history(s), 11);
        assertThat(s.ledger().batchVersion("b12")).isEmpty();
        // b12 is forgotten, so it can be trained again
        trainTo(this, s, 12);
        assertFullHistory(history(s), 12);
        assertThatThrownBy(() -> s.rollback(5)).isInstanceOf(IllegalArgumentException.class);
        // archived rows are never rolled back, even if asked directly
        assertThatThrownBy(() -> s.ledger().dropAfter(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("archived");
    }

    @Test
    void aCrashBetweenArchiveAppendAndTheNextCheckpointNeitherLosesNorDuplicatesRows()
            throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 10; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        // ckpt-10 was prepared with horizon 9 - WINDOW; commit(10) then archived up to
        // 10 - WINDOW; the process dies before another checkpoint
        assertThat(lastArchivedVersion()).isEqualTo(10 - WINDOW);

        PolicyStore restarted = store(root);
        restarted.restore();
        assertThat(lastArchivedVersion()).isEqualTo(9 - WINDOW); // cut back to the horizon
        assertThat(restarted.ledger().horizon()).isEqualTo(9 - WINDOW);
        assertFullHistory(history(restarted), 10);
        for (long v = 11; v <= 16; v++) {
            trainTo(this, restarted, v);
            commitDurably(restarted, v);
        }
        assertFullHistory(history(restarted), 16);
    }

    @Test
    void aTornLastArchiveLineIsCutOnRestore() throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 12; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        Files.writeString(
                archiveFile(),
                "batch\tb99\t9",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        PolicyStore restarted = store(root);
        restarted.restore();
        assertFullHistory(history(restarted), 12);
    }

    @Test
    void aRollForwardToAPreparedVersionArchivesTheGapOnce() throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 10; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        // versions 11..14 trained, 14 prepared (horizon 10 - WINDOW) but never committed
        trainTo(this, s, 14);
        s.prepare(14);

        PolicyStore restarted = store(root);
        restarted.restore(); // LATEST = 10, horizon 9 - WINDOW
        assertThat(restarted.version()).isEqualTo(10);
        assertThat(restarted.rollback(14)).as("read from its prepared checkpoint").isTrue();
        assertThat(restarted.version()).isEqualTo(14);
        assertThat(restarted.ledger().horizon()).isEqualTo(10 - WINDOW);
        assertFullHistory(history(restarted), 14);
        for (long v = 15; v <= 20; v++) {
            trainTo(this, restarted, v);
            commitDurably(restarted, v);
        }
        assertFullHistory(history(restarted), 20);

        PolicyStore again = store(root);
        again.restore();
        assertFullHistory(history(again), 20);
    }

    @Test
    void aRewindCutsTheArchiveInsideAnOlderCompressedSegmentAndARestartReadsEverySegment()
            throws Exception {
        PolicyStore s = store(root);
        for (long v = 1; v <= 8; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        s.retain(8); // a savepoint's version
        for (long v = 9; v <= 30; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        int sealedAt30 = sealedSegments();
        assertThat(lastArchivedVersion()).isEqualTo(30 - WINDOW);

        assertThat(s.rollback(8)).isTrue();
        // ckpt-8 was prepared with horizon 7 - WINDOW = 3; a version's rows are 65 bytes, so
        // segment 1 holds versions 1..3 (sealed when version 4 came): the rewind keeps it and
        // deletes every later segment and the open one
        assertThat(s.ledger().horizon()).isEqualTo(7 - WINDOW);
        assertThat(lastArchivedVersion()).isEqualTo(7 - WINDOW);
        assertThat(sealedAt30).isGreaterThan(5);
        assertThat(sealedSegments()).isEqualTo(1);
        assertFullHistory(history(s), 8);
        for (long v = 9; v <= 24; v++) {
            trainTo(this, s, v);
            commitDurably(s, v);
        }
        assertFullHistory(history(s), 24);

        PolicyStore restarted = store(root);
        restarted.restore();
        assertThat(restarted.version()).isEqualTo(24);
        assertFullHistory(history(restarted), 24);
        assertThat(restarted.ledger().archivedRollouts() + restarted.ledger().size())
                .isEqualTo(24 * PER_BATCH);
    }

    @Test
    void withoutAnArchiveRootRowsAreDroppedAndCounted() throws Exception {
        PolicyStore s = store(null);
        for (long v = 1; v <= 30; v++) {
            trainTo(this, s, v);
            s.commit(v);
        }
        assertThat(s.ledger().size()).isEqualTo(WINDOW * PER_BATCH);
        assertThat(s.ledger().archivedRollouts()).isEqualTo((30 - WINDOW) * PER_BATCH);
        assertThat(history(s)).hasSize(WINDOW * PER_BATCH);
        assertThat(Files.exists(archiveFile())).isFalse();
        assertThat(sealedSegments()).isZero();
    }
}
