package dev.rivulet.server.model;

import dev.rivulet.server.io.SafeTensors;
import dev.rivulet.server.io.TensorEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a checkpoint's tensors against a policy layout: every expected tensor present with its
 * shape, nothing else but rotary {@code inv_freq} buffers (and a duplicate head when tied).
 */
final class CheckpointCheck {

    private CheckpointCheck() {}

    static void check(SafeTensors st, List<ParamSpec> layout, PolicyConfig config, Path dir)
            throws IOException {
        Set<String> expected = new HashSet<>();
        for (ParamSpec s : layout) {
            expected.add(s.name());
            if (!st.contains(s.name())) {
                throw new IOException(
                        dir
                                + ": missing tensor "
                                + s.name()
                                + " (expected shape "
                                + Arrays.toString(s.shape())
                                + ")");
            }
            TensorEntry e = st.entry(s.name());
            if (!Arrays.equals(e.shape(), s.shape())) {
                throw new IOException(
                        dir
                                + ": tensor "
                                + s.name()
                                + " has shape "
                                + e.shapeText()
                                + ", expected "
                                + Arrays.toString(s.shape()));
            }
            SafeTensors.dtypeOf(e);
        }
        for (String name : st.names()) {
            boolean tiedHead = config.tieWordEmbeddings() && name.equals("lm_head.weight");
            if (!expected.contains(name) && !name.endsWith("rotary_emb.inv_freq") && !tiedHead) {
                throw new IOException(
                        dir
                                + ": unexpected tensor "
                                + name
                                + " of shape "
                                + st.entry(name).shapeText()
                                + " for a "
                                + config.family().modelType()
                                + " model with this config");
            }
        }
    }
}
