package dev.rivulet.jobs.options;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of the online-RL job's entry point: {@code --telemetry DIR [--config FILE]
 * [--set key=value ...]}. A later {@code --set} of the same key wins.
 *
 * @param config the YAML file of {@code --config}, or null
 * @param telemetry where telemetry goes (one directory per table)
 * @param overrides the {@code --set} options in the order given
 */
public record JobArguments(Path config, String telemetry, Map<String, String> overrides) {

    public JobArguments {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Parses {@code args}; a missing value, a {@code --set} without '=' or an unknown flag fail.
     */
    public static JobArguments parse(String... args) {
        Path config = null;
        String telemetry = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.equals("--config") && !flag.equals("--telemetry") && !flag.equals("--set")) {
                throw new IllegalArgumentException(
                        "unknown argument '" + flag + "'; expected --telemetry, --config or --set");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--config" -> config = Path.of(value);
                case "--telemetry" -> telemetry = value;
                default -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException(
                                "--set needs key=value, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1));
                }
            }
        }
        if (telemetry == null) {
            throw new IllegalArgumentException("--telemetry DIR is required");
        }
        return new JobArguments(config, telemetry, overrides);
    }
}
