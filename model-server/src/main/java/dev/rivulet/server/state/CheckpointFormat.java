package dev.rivulet.server.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.io.DirWriter;
import dev.rivulet.server.io.SafeTensors;
import dev.rivulet.server.learn.OptimizerState;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.ParamSpec;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one checkpoint directory holds: a Hugging Face model directory (config.json, weights,
 * tokenizer files when known) plus {@code optimizer.safetensors} (AdamW moments {@code m.<name>}
 * and {@code v.<name>}, the step in the metadata), {@code ledger.tsv} (the ledger window) and
 * {@code meta.json} (version, format 3, ledger horizon).
 */
final class CheckpointFormat {

    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final String LEDGER = "ledger.tsv";
    private static final String META = "meta.json";
    private static final int FORMAT = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A checkpoint read back. */
    record Contents(long version, float[][] weights, OptimizerState optimizer, Ledger ledger) {}

    private CheckpointFormat() {}

    /**
     * Writes snapshot {@code s} of {@code policy} with the ledger window {@code lines} (trained up
     * to the snapshot's version) and, when {@code modelFiles} is not null, its tokenizer files.
     */
    static DirWriter writer(TransformerPolicy policy, Snapshot s, Ledger lines, Path modelFiles) {
        return d -> {
            ModelDir.writeWeights(policy, s.weights(), d);
            if (modelFiles != null) {
                ModelDir.copyTokenizerFiles(modelFiles, d);
            }
            writeOptimizer(d.resolve(OPTIMIZER), policy, s.optimizer());
            Files.writeString(d.resolve(LEDGER), lines.toTsv(), StandardCharsets.UTF_8);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("version", s.version());
            meta.put("format", FORMAT);
            meta.put("ledgerHorizon", lines.horizon());
            JSON.writeValue(d.resolve(META).toFile(), meta);
        };
    }

    /**
     * Reads the checkpoint in {@code dir}.
     *
     * @throws IOException if it cannot be read or does not fit {@code policy}
     */
    static Contents read(Path dir, TransformerPolicy policy) throws IOException {
        PolicyConfig config = ModelDir.readConfig(dir);
        if (!config.equals(policy.config())) {
            throw new IOException(
                    "checkpoint "
                            + dir
                            + " has config "
                            + config
                            + ", the policy has "
                            + policy.config());
        }
        float[][] weights = ModelDir.readWeights(dir, config);
        OptimizerState optimizer = readOptimizer(dir.resolve(OPTIMIZER), policy);
        JsonNode meta = JSON.readTree(dir.resolve(META).toFile());
        Ledger ledger =
                Ledger.fromTsv(
                        Files.readString(dir.resolve(LEDGER), StandardCharsets.UTF_8),
                        meta.path("ledgerHorizon").asLong(0));
        return new Contents(meta.get("version").asLong(), weights, optimizer, ledger);
    }

    private static void writeOptimizer(Path file, TransformerPolicy policy, OptimizerState o)
            throws IOException {
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (String prefix : List.of("m.", "v.")) {
            for (ParamSpec p : policy.layout()) {
                names.add(prefix + p.name());
                shapes.add(p.shape());
            }
        }
        int n = o.firstMoment().length;
        Map<String, String> meta = new LinkedHashMap<>(ModelDir.PT_METADATA);
        meta.put("step", Long.toString(o.step()));
        SafeTensors.write(
                file,
                meta,
                names,
                shapes,
                i -> i < n ? o.firstMoment()[i] : o.secondMoment()[i - n],
                SafeTensors.Dtype.F32);
    }

    private static OptimizerState readOptimizer(Path file, TransformerPolicy policy)
            throws IOException {
        SafeTensors st = SafeTensors.openFile(file);
        List<String> names = policy.parameterNames();
        int n = names.size();
        if (st.names().size() != 2 * n) {
            throw new IOException(
                    file + " holds " + st.names().size() + " arrays, expected " + 2 * n);
        }
        float[][] m = new float[n][];
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = st.readFloats("m." + names.get(i));
            v[i] = st.readFloats("v." + names.get(i));
            long size = policy.parameters().get(i).size();
            if (m[i].length != size || v[i].length != size) {
                throw new IOException(file + ": moments of " + names.get(i) + " do not fit");
            }
        }
        String step = st.metadata().get("step");
        if (step == null) {
            throw new IOException(file + " has no step in its metadata");
        }
        return new OptimizerState(Long.parseLong(step), m, v);
    }
}
