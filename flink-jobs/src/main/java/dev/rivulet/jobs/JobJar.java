package dev.rivulet.jobs;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the job jar (the rivulet-flink-jobs jar) to submit to a remote cluster. */
public final class JobJar {

    private JobJar() {}

    /**
     * The jar this class was loaded from, or — when running from {@code target/classes} — the
     * packaged jar next to it in {@code target/}.
     */
    public static Optional<Path> locate() {
        try {
            Path p =
                    Path.of(
                            JobJar.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
            Path target = p.getParent();
            if (target == null || !Files.isDirectory(target)) {
                return Optional.empty();
            }
            try (Stream<Path> s = Files.list(target)) {
                return s.filter(
                                f ->
                                        f.getFileName()
                                                .toString()
                                                .matches("rivulet-flink-jobs-.*\\.jar"))
                        .filter(f -> !f.getFileName().toString().contains("-tests"))
                        .findFirst();
            }
        } catch (URISyntaxException | java.io.IOException e) {
            return Optional.empty();
        }
    }
}
