package dev.rivulet.server.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/** The one place that names DJL's PyTorch engine, so another engine on the classpath never wins. */
public final class Engines {

    /** DJL engine name used everywhere in the server. */
    public static final String ENGINE = "PyTorch";

    private static volatile Device device = Device.cpu();

    /** Every element of an array, as an index. */
    private static final ai.djl.ndarray.index.NDIndex WHOLE = new ai.djl.ndarray.index.NDIndex(":");

    private Engines() {}

    /**
     * Sets the device every manager made from now on lives on (CPU unless changed); call it once at
     * start, before any policy is created.
     */
    public static void useDevice(Device d) {
        device = java.util.Objects.requireNonNull(d, "device");
    }

    /** The device new managers live on. */
    public static Device device() {
        return device;
    }

    /** Number of GPUs the PyTorch engine sees (0 without a CUDA build of libtorch). */
    public static int gpuCount() {
        return Engine.getEngine(ENGINE).getGpuCount();
    }

    /** A new root manager on the chosen device (see {@link #useDevice}) of the PyTorch engine. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(device, ENGINE);
    }

    /** A gradient collector of the PyTorch engine (one at a time per JVM). */
    public static GradientCollector newGradientCollector() {
        return Engine.getEngine(ENGINE).newGradientCollector();
    }

    /**
     * Turns autograd recording off for the calling thread (libtorch's grad mode is thread-local,
     * and only the thread that loaded the engine starts with it off).
     */
    public static void noGradOnThisThread() {
        JniUtils.setGradMode(false);
    }

    /**
     * Overwrites a float32 array in place, bit-exactly, from a fresh direct buffer (libtorch may
     * keep referring to the buffer, so it is never reused).
     */
    public static void copyInto(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(
                    "array "
                            + target.getName()
                            + " has "
                            + target.size()
                            + " values, got "
                            + values.length);
        }
        try (NDManager tmp = target.getManager().newSubManager()) {
            // copied into the target's own storage: NDArray.set(Buffer) would instead make the
            // tensor alias a Java direct buffer (libtorch's set_), see ownedCopy
            target.set(WHOLE, tmp.create(values, target.getShape()));
        }
    }

    /**
     * A copy of {@code blob} in memory that libtorch allocated, in the same manager; {@code blob}
     * is closed. Arrays made from Java data ({@code NDManager.create}) are tensors over a Java
     * direct buffer (DJL uses {@code from_blob}): only 16-byte aligned, and alive only as long as
     * the Java object that holds the buffer. Long-lived arrays (parameters, constants) are kept in
     * libtorch's own 64-byte aligned memory instead.
     */
    public static NDArray ownedCopy(NDArray blob) {
        NDArray owned = blob.duplicate();
        blob.close();
        return owned;
    }

    /** Bytes the values of {@code arrays} take (elements times their data type's size). */
    public static long bytes(Iterable<NDArray> arrays) {
        long total = 0;
        for (NDArray a : arrays) {
            total += a.size() * a.getDataType().getNumOfBytes();
        }
        return total;
    }
}
