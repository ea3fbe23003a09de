package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segmented ledger archive: it rotates and compresses, reads every segment back in order,
 * truncates across segments, survives a restart and an interrupted compression, and reads an
 * archive written before segments existed.
 */
class LedgerArchiveFileTest {

    /** Bytes per segment: a version's four lines are about 80 bytes, so 3 versions a segment. */
    private static final long SEGMENT = 200;

    private static final int PER_VERSION = 3;

    @TempDir Path root;

    /** The archive lines of version {@code v}: its batch, then its rollouts. */
    private static List<String> version(long v) {
        List<String> out = new ArrayList<>();
        out.add("batch\tb" + v + "\t" + v);
        for (int i = 0; i < PER_VERSION; i++) {
            out.add("rollout\tr" + v + "-" + i + "\tb" + v + "\t" + v);
        }
        return out;
    }

    private static void appendVersions(LedgerArchiveFile a, long from, long to) throws IOException {
        for (long v = from; v <= to; v++) {
            a.append(version(v));
        }
    }

    private static List<String> read(LedgerArchive a, long horizon, long end) throws IOException {
        List<String> out = new ArrayList<>();
        a.forEachRollout(horizon, end, e -> out.add(e.rolloutId() + "/" + e.version()));
        return out;
    }

    /** Every rollout of versions {@code 1..to} once, in order. */
    private static List<String> expected(long to) {
        List<String> out = new ArrayList<>();
        for (long v = 1; v <= to; v++) {
            for (int i = 0; i < PER_VERSION; i++) {
                out.add("r" + v + "-" + i + "/" + v);
            }
        }
        return out;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<Path> compressed() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tsv.gz")).sorted().toList();
        }
    }

    /** The last version in a compressed segment. */
    private static long lastVersion(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            return Ledger.lineVersion(lines[lines.length - 1]);
        }
    }

    @Test
    void rotatesIntoCompressedSegmentsThatReadBackInOrder() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 40);
        List<Path> gz = compressed();
        assertThat(gz).hasSizeGreaterThanOrEqualTo(10);
        assertThat(names())
                .as("sealed segments are compressed, only the open one is plain")
                .allMatch(n -> n.endsWith(".tsv.gz") || n.equals(LedgerArchiveFile.FILE));
        for (Path p : gz) {
            byte[] head = head(p);
            assertThat(head).as("gzip magic in %s", p).containsExactly(0x1f, 0x8b);
        }
        assertThat(Files.size(root.resolve(LedgerArchiveFile.FILE))).isLessThan(2 * SEGMENT);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(40));
        assertThat(read(a, 17, a.end())).isEqualTo(expected(17));
    }

    @Test
    void anEndMarkReadsTheArchiveAsItWasThoughLaterAppendsSealItsSegment() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 7);
        long mark = a.end();
        int before = compressed().size();
        appendVersions(a, 8, 20);
        assertThat(compressed().size())
                .as("the marked open segment was sealed")
                .isGreaterThan(before);
        assertThat(read(a, Long.MAX_VALUE, mark)).isEqualTo(expected(7));
        assertThat(new LedgerArchiveFile(root).end()).isEqualTo(a.end());
    }

    @Test
    void aRestartReadsEverySegment() throws Exception {
        appendVersions(new LedgerArchiveFile(root, SEGMENT), 1, 25);
        LedgerArchiveFile restarted = new LedgerArchiveFile(root, SEGMENT);
        assertThat(read(restarted, Long.MAX_VALUE, restarted.end())).isEqualTo(expected(25));
        appendVersions(restarted, 26, 30);
        assertThat(read(restarted, Long.MAX_VALUE, restarted.end())).isEqualTo(expected(30));
    }

    @Test
    void truncationCutsInsideACompressedSegmentAndDeletesTheLaterOnes() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 40);
        // a horizon inside the second sealed segment: not its last version
        Path second = compressed().get(1);
        long h = lastVersion(second) - 1;
        Ledger restored = Ledger.fromTsv("", h);
        a.truncateTo(restored);
        assertThat(restored.archivedRollouts()).isEqualTo(h * PER_VERSION);
        assertThat(compressed()).hasSize(2);
        assertThat(Files.exists(root.resolve(LedgerArchiveFile.FILE))).isFalse();
        assertThat(lastVersion(second)).isEqualTo(h);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(h));
        // training goes on from the horizon without a gap or a repeat
        appendVersions(a, h + 1, 30);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(30));
        LedgerArchiveFile restarted = new LedgerArchiveFile(root, SEGMENT);
        assertThat(read(restarted, Long.MAX_VALUE, restarted.end())).isEqualTo(expected(30));
    }

    @Test
    void truncationAtASegmentBoundaryDeletesTheWholeNextSegment() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 40);
        long h = lastVersion(compressed().get(2));
        Ledger restored = Ledger.fromTsv("", h);
        a.truncateTo(restored);
        assertThat(compressed()).hasSize(3);
        assertThat(restored.archivedRollouts()).isEqualTo(h * PER_VERSION);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(h));
        appendVersions(a, h + 1, 40);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(40));
    }

    @Test
    void truncationInTheOpenSegmentKeepsTheSealedOnes() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 40);
        int sealed = compressed().size();
        Ledger restored = Ledger.fromTsv("", 39);
        a.truncateTo(restored);
        assertThat(compressed()).hasSize(sealed);
        assertThat(restored.archivedRollouts()).isEqualTo(39 * PER_VERSION);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(39));
    }

    @Test
    void anInterruptedCompressionIsReadAndFinishedByTheNextWrite() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 20);
        List<Path> gz = compressed();
        // segment 2: sealed but its compression never ran (only the .tsv)
        Path plain2 = root.resolve(gz.get(1).getFileName().toString().replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.get(1)))) {
            Files.write(plain2, in.readAllBytes());
        }
        Files.delete(gz.get(1));
        // segment 3: compressed, but the .tsv not yet deleted
        Path plain3 = root.resolve(gz.get(2).getFileName().toString().replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.get(2)))) {
            Files.write(plain3, in.readAllBytes());
        }
        // and a partial file of a compression that died
        Files.writeString(root.resolve(ArchiveSegments.PARTIAL + "9.gz"), "garbage");

        LedgerArchiveFile restarted = new LedgerArchiveFile(root, SEGMENT);
        assertThat(read(restarted, Long.MAX_VALUE, restarted.end())).isEqualTo(expected(20));
        appendVersions(restarted, 21, 21);
        assertThat(Files.exists(plain2)).isFalse();
        assertThat(Files.exists(plain3)).isFalse();
        assertThat(Files.exists(gz.get(1))).isTrue();
        assertThat(names()).noneMatch(n -> n.startsWith(ArchiveSegments.PARTIAL));
        assertThat(read(restarted, Long.MAX_VALUE, restarted.end())).isEqualTo(expected(21));
    }

    @Test
    void anArchiveFromBeforeSegmentsIsReadThenSealedOnTheNextAppend() throws Exception {
        LedgerArchiveFile big = new LedgerArchiveFile(root, 1L << 30);
        appendVersions(big, 1, 30); // one plain ledger-archive.tsv, as before segments
        assertThat(names()).containsExactly(LedgerArchiveFile.FILE);
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(30));
        appendVersions(a, 31, 31);
        assertThat(compressed()).hasSize(1);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(31));
        Ledger restored = Ledger.fromTsv("", 12);
        a.truncateTo(restored);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(12));
        assertThat(restored.archivedRollouts()).isEqualTo(12 * PER_VERSION);
    }

    @Test
    void aTornLastLineOfTheOpenSegmentIsCut() throws Exception {
        LedgerArchiveFile a = new LedgerArchiveFile(root, SEGMENT);
        appendVersions(a, 1, 10);
        Files.writeString(
                root.resolve(LedgerArchiveFile.FILE),
                "rollout\tr11-0\tb11",
                java.nio.file.StandardOpenOption.APPEND);
        Ledger restored = Ledger.fromTsv("", 10);
        a.truncateTo(restored);
        assertThat(restored.archivedRollouts()).isEqualTo(10 * PER_VERSION);
        appendVersions(a, 11, 12);
        assertThat(read(a, Long.MAX_VALUE, a.end())).isEqualTo(expected(12));
    }

    /** A file's first two bytes. */
    private static byte[] head(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(2);
        }
    }
}
