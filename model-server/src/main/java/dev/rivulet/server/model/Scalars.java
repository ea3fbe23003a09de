package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic of an array with a number, the scalar held in memory that libtorch owns.
 *
 * <p>Why not DJL's own {@code NDArray.mul(Number)} and its siblings: DJL's PyTorch engine makes the
 * number a tensor over a Java direct buffer ({@code from_blob}), runs the operation and closes that
 * tensor at once. Autograd keeps the operand for the backward pass ({@code mul} needs it for the
 * gradient of the other side, {@code div} and {@code pow} too), but the buffer behind it is now
 * garbage: once the Java garbage collector frees it and the memory is reused, the backward pass
 * reads whatever was written there. That was the learner's NaN and too-large gradient norms,
 * nondeterministic because they depend on when the collector runs ({@code
 * ScalarsTest.djlsNumberOverloadLosesTheScalarBeforeBackward} shows it; docs/reliability.md). Here
 * the number is copied into a 0-d tensor that libtorch allocates, so autograd's reference keeps it
 * alive. {@code NumberOverloadsTest} (tools) forbids the DJL overloads in Rivulet's code.
 */
public final class Scalars {

    private Scalars() {}

    /** A 0-d array of {@code value} with {@code like}'s data type, in libtorch's memory. */
    public static NDArray of(NDArray like, double value) {
        if (like.getDataType() == DataType.FLOAT32) {
            // one libtorch call (torch::full), no Java buffer at all: the common case, once per
            // layer and decoding step for RMSNorm's eps and attention's scale
            return like.getManager().full(new Shape(), (float) value, DataType.FLOAT32);
        }
        try (NDArray blob = like.getManager().create(value)) {
            // DJL's toType(same type, copy = true) still aliases the buffer: clone instead
            return blob.getDataType() == like.getDataType()
                    ? blob.duplicate()
                    : blob.toType(like.getDataType(), false);
        }
    }

    /**
     * {@code op(x, scalar)} with the scalar's handle closed afterwards (libtorch keeps its data).
     */
    private static NDArray apply(NDArray x, double value, BinaryOperator<NDArray> op) {
        try (NDArray s = of(x, value)) {
            return op.apply(x, s);
        }
    }

    /** {@code x + value}. */
    public static NDArray add(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.add(s));
    }

    /** {@code x - value}. */
    public static NDArray sub(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.sub(s));
    }

    /** {@code value - x}. */
    public static NDArray rsub(double value, NDArray x) {
        return apply(x, value, (a, s) -> s.sub(a));
    }

    /** {@code x · value}. */
    public static NDArray mul(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.mul(s));
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.div(s));
    }

    /** {@code value / x}. */
    public static NDArray rdiv(double value, NDArray x) {
        return apply(x, value, (a, s) -> s.div(a));
    }

    /** {@code x ^ value}. */
    public static NDArray pow(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.pow(s));
    }

    /** Element-wise {@code max(x, value)}. */
    public static NDArray maximum(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.maximum(s));
    }

    /** Element-wise {@code min(x, value)}. */
    public static NDArray minimum(NDArray x, double value) {
        return apply(x, value, (a, s) -> a.minimum(s));
    }
}
