package dev.rivulet.tools.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pretrained base models by {@link PretrainSpec#cacheKey()} under one root: the demo pre-trains on
 * first use and loads the cached directory afterwards. A directory appears only when complete (it
 * is published by an atomic move).
 */
public final class BaseModelCache {

    private final Path root;

    public BaseModelCache(Path root) {
        this.root = root;
    }

    /**
     * {@code $RIVULET_HOME/.cache/base-models} when the launcher set {@code rivulet.home}, else
     * {@code ~/.cache/rivulet/base-models}.
     */
    public static BaseModelCache defaultCache() {
        String home = System.getProperty("rivulet.home");
        Path root =
                home != null
                        ? Path.of(home, ".cache", "base-models")
                        : Path.of(
                                System.getProperty("user.home"),
                                ".cache",
                                "rivulet",
                                "base-models");
        return new BaseModelCache(root);
    }

    /** Where the model for {@code spec} lives (whether or not it exists yet). */
    public Path pathFor(PretrainSpec spec) {
        return root.resolve(spec.cacheKey());
    }

    /** The cached model directory for {@code spec}, if one was published. */
    public Optional<Path> find(PretrainSpec spec) {
        Path dir = pathFor(spec);
        return Files.isRegularFile(dir.resolve(Pretraining.REPORT_FILE))
                ? Optional.of(dir)
                : Optional.empty();
    }

    /** The cached model for {@code spec}, pre-training (and caching) it first if needed. */
    public Path getOrTrain(PretrainSpec spec, Consumer<String> progress) throws IOException {
        Optional<Path> found = find(spec);
        if (found.isPresent()) {
            return found.get();
        }
        progress.accept("pretrain: no cached base model " + spec.cacheKey() + "; training one");
        return Pretraining.run(spec, pathFor(spec), progress).modelDir();
    }
}
