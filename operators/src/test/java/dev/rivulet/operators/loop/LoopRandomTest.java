package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoopRandomTest {

    @Test
    void theGeneratorIsTheSeedMixOfSeedShardStepAndSalt() {
        long s = 11L * 0x9E3779B97F4A7C15L + 2 * 0xBF58476D1CE4E5B9L;
        s ^= 5 * 0x94D049BB133111EBL + 1000;
        assertThat(LoopRandom.of(11L, 2, 5, 1000).nextLong())
                .isEqualTo(new SplittableRandom(s).nextLong());
    }

    @Test
    void eachPurposeGetsItsOwnStream() {
        long base = LoopRandom.of(11L, 0, 0, 0).nextLong();
        assertThat(LoopRandom.of(11L, 0, 0, 0).nextLong()).isEqualTo(base);
        assertThat(LoopRandom.of(11L, 0, 0, 1).nextLong()).isNotEqualTo(base);
        assertThat(LoopRandom.of(11L, 1, 0, 0).nextLong()).isNotEqualTo(base);
        assertThat(LoopRandom.of(11L, 0, 1, 0).nextLong()).isNotEqualTo(base);
        assertThat(LoopRandom.of(12L, 0, 0, 0).nextLong()).isNotEqualTo(base);
    }
}
