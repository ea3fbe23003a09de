package dev.rivulet.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The learner's NaN: a number in an autograd graph must outlive the backward pass. Between forward
 * and backward these tests run the collector and hand the freed memory out again, filled with NaN,
 * as a busy JVM (Flight, Flink, Arrow) does by chance.
 */
class ScalarsTest {

    /** Collects garbage (DJL's closed scalars' direct buffers) and reuses the freed memory. */
    static void collectAndReuse() throws InterruptedException {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(30);
            for (int i = 0; i < 2000; i++) {
                for (int bytes : new int[] {4, 8}) {
                    ByteBuffer b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                    if (bytes == 4) {
                        b.putFloat(0, Float.NaN);
                    } else {
                        b.putDouble(0, Double.NaN);
                    }
                    keep.add(b);
                }
            }
        }
        keep.clear();
    }

    private static float[] gradientOf(Function<NDArray, NDArray> f, DataType type)
            throws InterruptedException {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(new float[] {1f, 2f, 3f}, new Shape(3)).toType(type, false);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engines.newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                collectAndReuse();
                gc.backward(y);
            }
            return x.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Test
    void djlsNumberOverloadLosesTheScalarBeforeBackward() throws Exception {
        // the bug this class exists for: the gradient of x · 3 read through freed memory; if
        // this ever passes, DJL keeps the scalar alive and Scalars is no longer needed
        boolean corrupted = false;
        for (int attempt = 0; attempt < 5 && !corrupted; attempt++) {
            float[] g = gradientOf(x -> x.mul(3.0), DataType.FLOAT32);
            corrupted = g[0] != 3f || g[1] != 3f || g[2] != 3f;
        }
        assertThat(corrupted).as("DJL's mul(Number) gradient after a collection").isTrue();
    }

    @Test
    void scalarsKeepTheirNumberThroughACollection() throws Exception {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            assertThat(gradientOf(x -> Scalars.mul(x, 3.0), type)).containsExactly(3f, 3f, 3f);
            assertThat(gradientOf(x -> Scalars.div(x, 4.0), type))
                    .containsExactly(0.25f, 0.25f, 0.25f);
            // d/dx x^2 = 2x
            assertThat(gradientOf(x -> Scalars.pow(x, 2.0), type)).containsExactly(2f, 4f, 6f);
            // d/dx 6/x = -6/x^2
            float[] g = gradientOf(x -> Scalars.rdiv(6.0, x), type);
            assertThat(g[0]).isCloseTo(-6f, within(1e-5f));
            assertThat(g[2]).isCloseTo(-6f / 9f, within(1e-5f));
            // max(x, 2): gradient 0 below, 1 above
            assertThat(gradientOf(x -> Scalars.maximum(x, 2.0), type)[2]).isEqualTo(1f);
            assertThat(gradientOf(x -> Scalars.minimum(x, 2.0), type)[0]).isEqualTo(1f);
            assertThat(gradientOf(x -> Scalars.add(x, 5.0), type)).containsExactly(1f, 1f, 1f);
            assertThat(gradientOf(x -> Scalars.rsub(5.0, x), type)).containsExactly(-1f, -1f, -1f);
            assertThat(gradientOf(x -> Scalars.sub(x, 5.0), type)).containsExactly(1f, 1f, 1f);
        }
    }

    @Test
    void noScalarIsLeftInTheArraysManager() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(new float[] {1f, 2f}, new Shape(2));
            int before = m.getManagedArrays().size();
            NDArray y = Scalars.rdiv(1.0, Scalars.mul(x, 2.0));
            // the two results, no scalar
            assertThat(m.getManagedArrays()).hasSize(before + 2).contains(y);
        }
    }

    @Test
    void valuesAndTypesFollowTheArray() {
        try (NDManager m = Engines.newManager()) {
            NDArray d = m.create(new double[] {1.0}, new Shape(1));
            assertThat(Scalars.mul(d, 0.1).getDouble(0)).isEqualTo(0.1); // exact in float64
            assertThat(Scalars.mul(d, 0.1).getDataType()).isEqualTo(DataType.FLOAT64);
            NDArray f = m.create(new float[] {1f}, new Shape(1));
            assertThat(Scalars.add(f, 0.5).getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(Scalars.rsub(1.0, f).getFloat(0)).isEqualTo(0f);
        }
    }
}
