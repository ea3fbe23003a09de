package dev.rivulet.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.service.DjlPolicyService;
import dev.rivulet.server.service.ModelFootprint;
import dev.rivulet.server.service.ServiceConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one role's model service holds once built, without Flight: {@code java -cp ...
 * dev.rivulet.server.bench.RoleFootprint generator|learner MODEL_DIR|tiny|small|medium} prints one
 * JSON line with the parameter and learner-state bytes ({@link ModelFootprint}) and the process's
 * resident set. {@code learner} builds what {@code serve --role learner} and {@code both} build
 * (and what a generator built before it went without learner state); {@code generator} what {@code
 * serve --role generator} builds before it pulls the learner's weights. One role per process, so
 * the resident sets do not mix.
 */
public final class RoleFootprint {

    private RoleFootprint() {}

    /** One measurement. */
    public record Result(String role, ModelFootprint footprint, ProcessMemory.Reading memory) {}

    /** Builds the service of {@code role} over {@code config}, reads what it holds, closes it. */
    public static Result measure(String role, ServiceConfig config) throws IOException {
        boolean generator =
                switch (role) {
                    case "generator" -> true;
                    case "learner" -> false;
                    default ->
                            throw new IllegalArgumentException(
                                    "role must be generator or learner, got '" + role + "'");
                };
        try (DjlPolicyService s =
                generator
                        ? DjlPolicyService.openForGeneration(config)
                        : DjlPolicyService.open(config)) {
            return new Result(role, s.footprint(), ProcessMemory.read());
        }
    }

    /** {@code ROLE MODEL}: MODEL is a model directory or a preset size. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: RoleFootprint generator|learner MODEL_DIR|tiny|small|medium");
        }
        ServiceConfig config =
                ServiceConfig.MODEL_SIZES.contains(args[1])
                        ? ServiceConfig.defaults().withModelSize(args[1])
                        : ServiceConfig.defaults().withModelDir(Path.of(args[1]));
        Result r = measure(args[0], config);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("role", r.role());
        line.put("model", args[1]);
        line.put("parameter_bytes", r.footprint().parameterBytes());
        line.put("optimizer_bytes", r.footprint().optimizerBytes());
        line.put("reference_bytes", r.footprint().referenceBytes());
        line.put("snapshot_bytes", r.footprint().snapshotBytes());
        line.put("learner_state_bytes", r.footprint().learnerStateBytes());
        line.put("rss_mib", ProcessMemory.Reading.mib(r.memory().rssBytes()));
        line.put("peak_rss_mib", ProcessMemory.Reading.mib(r.memory().peakBytes()));
        System.out.println(new ObjectMapper().writeValueAsString(line));
    }
}
