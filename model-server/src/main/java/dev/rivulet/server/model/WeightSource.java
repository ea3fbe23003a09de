package dev.rivulet.server.model;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Supplies the initial values of each parameter, e.g. from a checkpoint file. */
@FunctionalInterface
public interface WeightSource {

    /**
     * The values of {@code spec} as float32 in a direct buffer of native byte order holding exactly
     * {@code spec.numel()} values; the policy keeps the buffer as the tensor's storage.
     */
    ByteBuffer floats(ParamSpec spec) throws IOException;
}
