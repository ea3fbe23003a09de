package dev.rivulet.jobs.options;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a submitted job's {@code rivulet.*} options come from, lowest precedence first: the
 * defaults, the Flink configuration of the cluster or deployment (a {@code config.yaml}, a
 * FlinkDeployment's {@code flinkConfiguration}, {@code -D} options of {@code flink run}), the
 * {@code --config} file, then each {@code --set}. An unknown {@code rivulet.*} key fails, naming
 * the key and the layer it came from.
 */
public final class ConfigLayers {

    /** The name of the Flink-configuration layer in error messages. */
    public static final String FLINK = "the Flink configuration";

    private ConfigLayers() {}

    /**
     * The job's settings from the Flink configuration ({@code flinkConfiguration}: every key of it;
     * only {@code rivulet.*} keys are used) and its command line.
     */
    public static JobSettings resolve(Map<String, String> flinkConfiguration, JobArguments args)
            throws IOException {
        Map<String, String> merged = new LinkedHashMap<>();
        merged.putAll(checked(rivuletKeys(flinkConfiguration), FLINK));
        if (args.config() != null) {
            merged.putAll(
                    checked(JobSettings.yamlValues(args.config()), "--config " + args.config()));
        }
        merged.putAll(checked(args.overrides(), "--set"));
        return JobSettings.of(merged);
    }

    /** The {@code rivulet.*} entries of a configuration, all other keys left out. */
    public static Map<String, String> rivuletKeys(Map<String, String> configuration) {
        Map<String, String> out = new LinkedHashMap<>();
        configuration.forEach(
                (k, v) -> {
                    if (k.startsWith("rivulet.")) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    private static Map<String, String> checked(Map<String, String> layer, String source) {
        Set<String> unknown = new TreeSet<>(JobSettings.unknownKeys(layer.keySet()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown option(s) "
                            + unknown
                            + " in "
                            + source
                            + "; see docs/configuration.md for the known rivulet.* keys");
        }
        return layer;
    }
}
