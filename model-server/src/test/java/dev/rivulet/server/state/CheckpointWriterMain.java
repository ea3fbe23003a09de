package dev.rivulet.server.state;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.server.service.DjlPolicyService;
import dev.rivulet.server.service.ServiceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link CheckpointKillITCase}: a tiny-model service on a checkpoint directory
 * (restoring its LATEST) that trains, prepares and commits a version per round, and writes a {@code
 * checkpoint} snapshot every third round, printing {@code committed <v> <round ms> <consistent>}
 * after each commit; {@code args}: checkpoint directory, rounds (negative: until killed).
 */
public final class CheckpointWriterMain {

    private CheckpointWriterMain() {}

    static ServiceConfig config(Path root) {
        return ServiceConfig.defaults()
                .withModelSize("tiny")
                .withSeed(7)
                .withLearningRate(1e-2)
                .withCheckpointDir(root)
                .withLimits(16, 8, 4)
                .withLedgerWindow(2); // archive ledger rows on almost every commit
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        try (DjlPolicyService s = DjlPolicyService.open(config(root))) {
            // as the LearnerSink's restore does: roll back to the restored version, which deletes
            // versions prepared above it by the killed writer (reusing one of those is the open
            // bug that CheckpointKillITCase#aPreparedVersionOfADeadLineage... shows)
            s.rollback(s.version().committed());
            System.out.println("ready " + s.version().current());
            for (int i = 0; rounds < 0 || i < rounds; i++) {
                long t0 = System.nanoTime();
                long v = s.version().current() + 1;
                List<Completion> done = new ArrayList<>();
                s.generate(
                        List.of(
                                new GenerationRequest(
                                        "g", "p", "12+34=", 2, 1.0f, 1.0f, 4, i, false)),
                        done::add);
                String batch = "k" + v + "-" + System.nanoTime();
                s.train(
                        new TrainBatch(
                                batch,
                                dev.rivulet.server.testing.TrainRows.of(batch + "-r", done),
                                false));
                System.out.println("writing " + v);
                s.prepare(v);
                s.commit(v);
                if (i % 3 == 0) {
                    s.checkpoint();
                }
                WeightsDigest d = s.digest(v);
                System.out.println(
                        "committed "
                                + v
                                + " "
                                + (System.nanoTime() - t0) / 1_000_000
                                + "ms "
                                + d.consistent());
            }
        }
    }
}
