package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.io.DirWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint root's names, LATEST, pruning and temporaries, and its no-directory variant. */
class CheckpointDirectoryTest {

    @TempDir Path root;

    private static DirWriter marker(String text) {
        return d -> Files.writeString(d.resolve("marker"), text);
    }

    private static DirWriter mustNotWrite() {
        return d -> {
            throw new AssertionError("written to " + d);
        };
    }

    private String latestName() throws Exception {
        return Files.readString(root.resolve(CheckpointDirectory.LATEST));
    }

    private long entries(Path dir, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    @Test
    void preparedCheckpointsAreNamedByVersionAndWrittenOnce() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root.resolve("sub"));
        Path three = dir.prepare(3, () -> marker("a")).orElseThrow();
        assertThat(three).isEqualTo(root.resolve("sub/ckpt-000000000003"));
        assertThat(three.resolve("marker")).hasContent("a");
        assertThat(dir.prepare(3, CheckpointDirectoryTest::mustNotWrite)).contains(three);
        assertThat(dir.latest()).isEmpty();
    }

    @Test
    void publishingPointsLatestAtTheVersionAndDeletesOlderOnesAndTemporaries() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root);
        dir.prepare(1, () -> marker("1"));
        dir.prepare(2, () -> marker("2"));
        dir.prepare(4, () -> marker("4"));
        Files.createDirectories(root.resolve(".tmp-ckpt-000000000005-x"));
        Path two = dir.publishCommitted(2, () -> marker("2")).orElseThrow();
        assertThat(latestName()).isEqualTo("ckpt-000000000002\n");
        assertThat(dir.latest()).contains(two);
        assertThat(dir.versions().keySet()).containsExactly(2L, 4L);
        assertThat(entries(root, ".tmp-")).isZero();
        dir.dropAfter(2);
        assertThat(dir.versions().keySet()).containsExactly(2L);
        // publishing a version not yet prepared prepares it first
        dir.publishCommitted(6, () -> marker("6"));
        assertThat(dir.versions().keySet()).containsExactly(6L);
        assertThat(dir.latest().orElseThrow().resolve("marker")).hasContent("6");
    }

    @Test
    void versionsReadBothNamesAndPreferTheNewestNameOfAVersion() throws Exception {
        Files.createDirectories(root.resolve("ckpt-000000000005"));
        Files.createDirectories(root.resolve("ckpt-000000000005-123"));
        Files.createDirectories(root.resolve("ckpt-000000000007-9"));
        Files.writeString(root.resolve("ckpt-000000000008"), "a file, not a checkpoint");
        Files.createDirectories(root.resolve("ckpt-8"));
        var versions = new CheckpointDirectory(root).versions();
        assertThat(versions.keySet()).containsExactly(5L, 7L);
        assertThat(versions.get(5L)).isEqualTo(root.resolve("ckpt-000000000005-123"));
        assertThat(new CheckpointDirectory(root.resolve("missing")).versions()).isEmpty();
    }

    @Test
    void checkpointsKeepTheNewestTwoAndPointLatestAtTheNewest() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root);
        dir.checkpoint(1, marker("1"));
        dir.checkpoint(2, marker("2"));
        Files.createDirectories(root.resolve(".tmp-left-by-a-kill"));
        Path third = dir.checkpoint(2, marker("2 again"));
        assertThat(third.getFileName().toString()).matches("ckpt-000000000002-\\d+");
        assertThat(latestName()).isEqualTo(third.getFileName() + "\n");
        assertThat(entries(root, "ckpt-")).isEqualTo(2);
        assertThat(entries(root, ".tmp-")).isZero();
        assertThat(dir.versions().get(2L)).isEqualTo(third);
    }

    @Test
    void snapshotsGoToTheirOwnSubDirectory() throws Exception {
        CheckpointDirectory dir = new CheckpointDirectory(root);
        Path snap = dir.snapshot(4, marker("4"));
        Path snapshots = root.resolve(CheckpointDirectory.SNAPSHOTS);
        assertThat(snap.getParent()).isEqualTo(snapshots);
        assertThat(new CheckpointDirectory(snapshots).latest()).contains(snap);
        assertThat(dir.latest()).as("the commit checkpoints' LATEST is untouched").isEmpty();
        assertThat(dir.versions()).isEmpty();
    }

    @Test
    void withoutADirectoryNothingIsDurable() throws Exception {
        Durability none = Durability.at(null);
        assertThat(none).isSameAs(Durability.none());
        assertThat(Durability.at(root)).isInstanceOf(CheckpointDirectory.class);
        assertThat(none.prepare(1, CheckpointDirectoryTest::mustNotWrite)).isEmpty();
        assertThat(none.publishCommitted(1, CheckpointDirectoryTest::mustNotWrite)).isEmpty();
        none.dropAfter(0);
        assertThat(none.versions()).isEmpty();
        assertThat(none.latest()).isEmpty();
        assertThatThrownBy(() -> none.snapshot(1, mustNotWrite()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("--checkpoint-dir");
        assertThat(none.ledgerArchive().end()).isZero();
    }
}
