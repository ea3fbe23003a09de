package dev.rivulet.server.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Crash-safe publication: write into a temporary sibling, fsync every file and the directory, then
 * rename into place, so a reader sees either the old or the complete new content.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes a directory through a temporary sibling and renames it to {@code target}, which must
     * not exist yet.
     */
    public static void publishDirectory(Path target, DirWriter writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.exists(target)) {
            throw new IOException("refusing to overwrite existing directory " + target);
        }
        Path tmp = parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            writer.write(tmp);
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    fsync(f, false);
                }
            }
            fsync(tmp, true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsync(parent, true);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /** Atomically replaces a small text file (write temp, fsync, rename, fsync directory). */
    public static void writeString(Path target, String content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            fsync(tmp, false);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            fsync(parent, true);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Forces a file's or directory's content to disk. */
    public static void fsync(Path path, boolean directory) throws IOException {
        try (FileChannel ch =
                FileChannel.open(
                        path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
            // some file systems do not allow opening a directory; the rename is still atomic
        }
    }

    /** Deletes a file tree if it exists. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.delete(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
