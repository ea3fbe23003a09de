package dev.rivulet.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One parameter tensor of a policy's weights, as the learner ships it to a generator.
 *
 * @param name the checkpoint name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param shape the dimensions; their product is {@code values.length}
 * @param values the elements in row-major order (float32)
 */
public record WeightTensor(String name, long[] shape, float[] values) {

    public WeightTensor {
        Checks.notEmpty(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor " + name + ": negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(
                    "tensor "
                            + name
                            + ": shape "
                            + Arrays.toString(shape)
                            + " has "
                            + n
                            + " elements, got "
                            + values.length
                            + " values");
        }
    }

    /** The shape as {@code [a, b]}, for messages. */
    public String describeShape() {
        return Arrays.toString(shape);
    }
}
