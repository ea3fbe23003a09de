package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.server.service.DjlPolicyService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child JVM that writes model-server checkpoints in a loop ({@link
 * CheckpointWriterMain}: train, prepare, commit, and a {@code checkpoint} snapshot every third
 * round) at random moments; after each kill the checkpoint directory must restore cleanly: LATEST
 * names a complete checkpoint of a version at least the last one the child reported committed,
 * whose durable weights equal the restored ones, and nothing but {@code ckpt-*}, {@code LATEST},
 * {@code snapshots} and {@code .tmp-*} leftovers is there. A last child that runs to its end leaves
 * no {@code .tmp-*} behind.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CheckpointKillITCase {

    static final int KILLS = 6;

    @TempDir Path dir;

    /** A running child and the lines it printed. */
    private record Child(Process process, List<String> lines) {
        String lastCommitted() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("committed ")) {
                    return lines.get(i);
                }
            }
            return null;
        }
    }

    private static Child start(Path root, int rounds) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CheckpointWriterMain.class.getName());
        cmd.add(root.toString());
        cmd.add(Integer.toString(rounds));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                                for (String l = r.readLine(); l != null; l = r.readLine()) {
                                    lines.add(l);
                                }
                            } catch (IOException e) {
                                // the child was killed
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        return new Child(p, lines);
    }

    private static void awaitLine(Child c, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (c.lines().stream().noneMatch(l -> l.startsWith(prefix))) {
            assertThat(System.nanoTime()).as("child printed '%s'", prefix).isLessThan(deadline);
            assertThat(c.process().isAlive()).as("child alive, printed %s", c.lines()).isTrue();
            Thread.sleep(2);
        }
    }

    private static long version(String committedLine) {
        return committedLine == null ? 0 : Long.parseLong(committedLine.split(" ")[1]);
    }

    private static List<String> names(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long temporaries(Path root) throws IOException {
        return names(root).stream().filter(n -> n.startsWith(".tmp-")).count()
                + names(root.resolve(CheckpointDirectory.SNAPSHOTS)).stream()
                        .filter(n -> n.startsWith(".tmp-"))
                        .count();
    }

    /**
     * Checks that {@code root} restores cleanly, at {@code committed} (the newest version a child
     * reported committed) or later; returns the restored version.
     */
    private static long checkRestores(Path root, long committed) throws IOException {
        for (String n : names(root)) {
            assertThat(
                            n.equals(CheckpointDirectory.LATEST)
                                    || n.equals(CheckpointDirectory.SNAPSHOTS)
                                    || n.equals(LedgerArchiveFile.FILE)
                                    || n.matches("ledger-archive-\\d{9}\\.tsv(\\.gz)?")
                                    || n.startsWith(ArchiveSegments.PARTIAL)
                                    || n.startsWith(".tmp-")
                                    || n.matches("ckpt-\\d{12}"))
                    .as("unexpected entry %s in %s", n, names(root))
                    .isTrue();
        }
        Path snapshots = root.resolve(CheckpointDirectory.SNAPSHOTS);
        if (Files.exists(snapshots.resolve(CheckpointDirectory.LATEST))) {
            Path snap = new CheckpointDirectory(snapshots).latest().orElseThrow();
            assertThat(snap.resolve("meta.json")).as("snapshot LATEST names " + snap).exists();
        }
        if (!Files.exists(root.resolve(CheckpointDirectory.LATEST))) {
            assertThat(committed).as("no LATEST, yet a commit was reported").isZero();
            return 0;
        }
        Path latest = new CheckpointDirectory(root).latest().orElseThrow();
        assertThat(latest.resolve("meta.json")).as("LATEST names " + latest).exists();
        try (DjlPolicyService s = DjlPolicyService.open(CheckpointWriterMain.config(root))) {
            PolicyVersion v = s.version();
            assertThat(v.current()).isEqualTo(v.committed()).isGreaterThanOrEqualTo(committed);
            assertThat(latest.getFileName().toString())
                    .isEqualTo(String.format("ckpt-%012d", v.current()));
            WeightsDigest d = s.digest(v.current());
            assertThat(d.consistent()).as("restored weights equal the durable ones").isTrue();
            // the ledger (archive + window) holds every version's two rollouts exactly once,
            // whichever write the kill interrupted
            var ledger = s.ledger();
            assertThat(ledger.stream().map(e -> e.rolloutId()).distinct().count())
                    .as("no rollout twice in the ledger")
                    .isEqualTo(ledger.size());
            assertThat(
                            ledger.stream()
                                    .mapToLong(e -> e.policyVersion())
                                    .distinct()
                                    .sorted()
                                    .toArray())
                    .as("every version 1..%d in the ledger", v.current())
                    .containsExactly(
                            java.util.stream.LongStream.rangeClosed(1, v.current()).toArray());
            assertThat(ledger).hasSize(2 * (int) v.current());
            return v.current();
        }
    }

    @Test
    void killedMidWriteTheCheckpointDirectoryStillRestores() throws Exception {
        Path root = dir.resolve("ckpt");
        Random random = new Random(20261127L);
        List<String> report = new ArrayList<>();
        long reported = 0;
        for (int k = 0; k < KILLS; k++) {
            Child c = start(root, -1);
            if (k % 2 == 0) { // just after the writes of a round began
                awaitLine(c, "writing ");
                Thread.sleep(random.nextInt(80));
            } else { // anywhere in a round
                awaitLine(c, "committed ");
                Thread.sleep(random.nextInt(1000));
            }
            c.process().destroyForcibly();
            assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            String last = c.lastCommitted();
            reported = Math.max(reported, version(last));
            long tmp = temporaries(root);
            long restored = checkRestores(root, reported);
            report.add(
                    String.format(
                            "kill %d: last reported %s, restored version %d, %d .tmp-* left",
                            k + 1, last, restored, tmp));
            assertThat(c.lines())
                    .as("the child's own check after each commit: durable = in-memory weights")
                    .noneMatch(l -> l.startsWith("committed ") && l.endsWith(" false"));
        }
        Child last = start(root, 4);
        assertThat(last.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.process().exitValue()).as("the last child ran to its end").isZero();
        long restored = checkRestores(root, version(last.lastCommitted()));
        report.add("clean run: " + last.lines() + ", restored " + restored);
        report.forEach(System.out::println);
        assertThat(last.lines()).noneMatch(l -> l.endsWith(" false"));
        assertThat(temporaries(root)).as(".tmp-* after a clean write " + names(root)).isZero();
    }

    /** Trains one batch of two fresh rollouts on {@code s}; returns the batch id. */
    private static String trainOnce(DjlPolicyService s, String batch) {
        List<dev.rivulet.protocol.Completion> done = new ArrayList<>();
        s.generate(
                List.of(
                        new dev.rivulet.protocol.GenerationRequest(
                                "g", "p", "12+34=", 2, 1.0f, 1.0f, 4, batch.hashCode(), false)),
                done::add);
        s.train(
                new dev.rivulet.protocol.TrainBatch(
                        batch, dev.rivulet.server.testing.TrainRows.of(batch + "-r", done), false));
        return batch;
    }

    /**
     * A crash between prepare(2) and commit(2) leaves ckpt-2 of a lineage the restarted server does
     * not continue; when the restarted server trains another version 2 and prepares and commits it,
     * the committed checkpoint must hold the new weights and ledger, not the old ones.
     */
    @Test
    void aPreparedVersionOfADeadLineageIsNotCommittedInPlaceOfANewOne() throws Exception {
        Path root = dir.resolve("lineage");
        try (DjlPolicyService s = DjlPolicyService.open(CheckpointWriterMain.config(root))) {
            trainOnce(s, "a1");
            s.prepare(1);
            s.commit(1);
            trainOnce(s, "a2");
            s.prepare(2); // the "crash": no commit(2)
        }
        try (DjlPolicyService s = DjlPolicyService.open(CheckpointWriterMain.config(root))) {
            assertThat(s.version().current()).isEqualTo(1);
            trainOnce(s, "b2");
            s.prepare(2);
            s.commit(2);
            WeightsDigest d = s.digest(2);
            assertThat(d.consistent())
                    .as(
                            "the committed checkpoint of version 2 holds the weights trained in memory"
                                    + " (memory %s, durable %s)",
                            d.memory(), d.durable())
                    .isTrue();
        }
        try (DjlPolicyService s = DjlPolicyService.open(CheckpointWriterMain.config(root))) {
            assertThat(s.ledger())
                    .extracting(dev.rivulet.protocol.LedgerEntry::batchId)
                    .containsExactlyInAnyOrder("a1", "a1", "b2", "b2");
        }
    }
}
