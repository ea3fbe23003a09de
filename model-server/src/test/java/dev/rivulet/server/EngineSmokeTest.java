package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Checks that DJL's PyTorch engine loads offline and runs a tiny op. */
class EngineSmokeTest {
    @Test
    void addsTwoArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertThat(a.add(a).toFloatArray()).containsExactly(2, 4, 6);
            assertThat(m.getEngine().getEngineName()).isEqualTo("PyTorch");
        }
    }
}
