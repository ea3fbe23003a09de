package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.io.DirWriter;
import dev.rivulet.server.learn.OptimizerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions, held snapshots, the two-phase commit, rollbacks and the lineage, without a model. */
class VersionLifecycleTest {

    @TempDir Path root;

    /** A snapshot whose single weight is its version. */
    private static Snapshot snap(long v) {
        return new Snapshot(
                v,
                new float[][] {{v}},
                new OptimizerState(v, new float[][] {{0}}, new float[][] {{0}}));
    }

    /** Writes a file {@code version} holding the snapshot's version. */
    private static final Function<Snapshot, DirWriter> CONTENT =
            s -> d -> Files.writeString(d.resolve("version"), Long.toString(s.version()));

    /** Content that must not be asked for. */
    private static final Function<Snapshot, DirWriter> NO_CONTENT =
            s -> {
                throw new AssertionError("content of version " + s.version() + " asked for");
            };

    private static VersionLifecycle steppedTo(Durability d, long start, long to) {
        VersionLifecycle l = new VersionLifecycle(d, snap(start));
        for (long v = start + 1; v <= to; v++) {
            l.stepped(snap(v));
        }
        return l;
    }

    private static String versionIn(Path dir) throws Exception {
        return Files.readString(dir.resolve("version"));
    }

    @Test
    void stepsAreHeldUntilACommitDropsTheOlderOnes() throws Exception {
        VersionLifecycle l = steppedTo(Durability.none(), 0, 3);
        assertThat(l.current()).isEqualTo(3);
        assertThat(l.committed()).isZero();
        assertThat(l.held()).containsExactly(0L, 1L, 2L, 3L);
        assertThatThrownBy(() -> l.stepped(snap(5)))
                .hasMessageContaining("step to version 5 from version 3");

        assertThat(l.commit(2, CONTENT)).isEmpty(); // nothing durable
        assertThat(l.committed()).isEqualTo(2);
        assertThat(l.held()).containsExactly(2L, 3L);
        assertThat(l.commit(1, NO_CONTENT)).isEmpty(); // an older commit is ignored
        assertThat(l.committed()).isEqualTo(2);
        assertThatThrownBy(() -> l.commit(5, CONTENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot commit version 5: current 3, held [2, 3]");
        assertThat(l.snapshot(3).orElseThrow().weights()[0][0]).isEqualTo(3f);
        assertThat(l.snapshot(1)).isEmpty();
    }

    @Test
    void rollingBackForgetsLaterVersionsAndDrawsANewLineage() throws Exception {
        VersionLifecycle l = steppedTo(Durability.none(), 0, 4);
        l.commit(2, CONTENT);
        String before = l.lineage();
        assertThat(l.canRollBackTo(3)).isTrue();
        assertThat(l.canRollBackTo(1)).isFalse();

        Snapshot s = l.rollBack(3);
        assertThat(s.version()).isEqualTo(3);
        assertThat(l.current()).isEqualTo(3);
        assertThat(l.committed()).isEqualTo(2);
        assertThat(l.held()).containsExactly(2L, 3L);
        assertThat(l.lineage()).isNotEqualTo(before).hasSize(16);
        assertThatThrownBy(() -> l.rollBack(4))
                .hasMessageContaining("cannot roll back to version 4: held versions are [2, 3]");
        l.stepped(snap(4)); // version 4 anew, on the new lineage
        assertThat(l.current()).isEqualTo(4);
    }

    @Test
    void prepareAndCommitWriteThroughTheCheckpointDirectory() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root);
        VersionLifecycle l = steppedTo(dir, 0, 2);
        Path two = l.prepare(2, CONTENT).orElseThrow();
        assertThat(two).isEqualTo(root.resolve("ckpt-000000000002"));
        assertThat(versionIn(two)).isEqualTo("2");
        assertThat(dir.latest()).as("a prepared version is not restored").isEmpty();
        assertThat(l.prepare(2, NO_CONTENT)).contains(two); // durable already
        assertThatThrownBy(() -> l.prepare(7, CONTENT))
                .hasMessageContaining("cannot prepare version 7: held versions are [0, 1, 2]");

        assertThat(l.commit(2, NO_CONTENT)).contains(two);
        assertThat(dir.latest()).contains(two);
        assertThat(l.committed()).isEqualTo(2);
        assertThat(l.prepare(1, NO_CONTENT)).as("committed already").isEmpty();
    }

    @Test
    void withoutDurabilityNothingIsWrittenOrChecked() throws Exception {
        VersionLifecycle l = steppedTo(Durability.none(), 0, 1);
        assertThat(l.prepare(1, NO_CONTENT)).isEmpty();
        assertThat(l.prepare(7, NO_CONTENT)).isEmpty();
        assertThat(l.prepared()).isEmpty();
        assertThat(l.commit(1, NO_CONTENT)).isEmpty();
        assertThat(l.committed()).isEqualTo(1);
    }

    @Test
    void aRestartRollsForwardToAPreparedVersion() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root);
        VersionLifecycle before = steppedTo(dir, 0, 1);
        before.commit(1, CONTENT);
        before.stepped(snap(2));
        before.stepped(snap(3));
        before.prepare(3, CONTENT);
        before.stepped(snap(4));
        before.prepare(4, CONTENT);

        VersionLifecycle after = new VersionLifecycle(dir, snap(1)); // restored LATEST = 1
        assertThat(after.prepared()).containsExactly(1L, 3L, 4L);
        assertThat(after.canRollBackTo(3)).isTrue();
        assertThat(after.canRollBackTo(2)).isFalse();
        String lineage = after.lineage();
        after.rolledForward(snap(3));
        assertThat(after.current()).isEqualTo(3);
        assertThat(after.committed()).isEqualTo(1);
        assertThat(after.held()).containsExactly(1L, 3L);
        assertThat(dir.versions().keySet())
                .as("4 was of a forgotten lineage")
                .containsExactly(1L, 3L);
        assertThat(after.lineage()).isNotEqualTo(lineage);
        assertThatThrownBy(() -> after.rolledForward(snap(0)))
                .hasMessageContaining("below committed version 1");
    }

    @Test
    void trainingOnDeletesPreparedCheckpointsOfADeadLineage() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root);
        VersionLifecycle before = steppedTo(dir, 0, 1);
        before.commit(1, CONTENT);
        before.stepped(snap(2));
        before.prepare(2, CONTENT);

        VersionLifecycle after = new VersionLifecycle(dir, snap(1));
        after.beforeStep(); // trains on from 1 instead of rolling forward to 2
        assertThat(dir.versions().keySet()).containsExactly(1L);
        after.stepped(snap(2));
        Path two = after.prepare(2, CONTENT).orElseThrow();
        assertThat(versionIn(two)).isEqualTo("2");
        after.beforeStep(); // once only: the new lineage's checkpoints stay
        assertThat(dir.versions().keySet()).containsExactly(1L, 2L);
    }
}
