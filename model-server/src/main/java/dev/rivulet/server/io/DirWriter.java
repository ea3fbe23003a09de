package dev.rivulet.server.io;

import java.io.IOException;
import java.nio.file.Path;

/** Fills a fresh directory that {@link AtomicFiles#publishDirectory} then publishes. */
@FunctionalInterface
public interface DirWriter {

    /** Writes the content into {@code dir}. */
    void write(Path dir) throws IOException;
}
