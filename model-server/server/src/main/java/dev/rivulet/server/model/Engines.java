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

    private Engines() {}

    /** A new root manager on the CPU of the PyTorch engine. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), ENGINE);
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
