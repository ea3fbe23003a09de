package dev.rivulet.server.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The one place that names DJL's PyTorch engine, so another engine on the classpath never wins. */
public final class Engines {

    /** DJL engine name used everywhere in the server. */
    public static final String ENGINE = "PyTorch";

    private static volatile Device device = Device.cpu();

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
        ByteBuffer buf =
                ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(values);
        target.set(buf);
    }
}
