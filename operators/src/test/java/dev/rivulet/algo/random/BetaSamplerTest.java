package dev.rivulet.algo.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BetaSamplerTest {

    private static final int DRAWS = 40_000;

    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "2, 5", "8, 1.3", "0.2, 0.7", "1, 1", "30, 40"})
    void betaMeanAndVarianceMatchTheory(double a, double b) {
        SplittableRandom rng = new SplittableRandom(42);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = BetaSampler.beta(a, b, rng);
            assertThat(x).isBetween(0.0, 1.0);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / DRAWS;
        double var = sumSq / DRAWS - mean * mean;
        double expMean = a / (a + b);
        double expVar = a * b / ((a + b) * (a + b) * (a + b + 1));
        // mean: 5 standard errors; variance: 5% relative (plenty at 40k draws)
        assertThat(mean).isCloseTo(expMean, within(5 * Math.sqrt(expVar / DRAWS)));
        assertThat(var).isCloseTo(expVar, within(0.05 * expVar));
    }

    @ParameterizedTest
    @CsvSource({"0.3", "1", "2.5", "9"})
    void gammaMeanAndVarianceEqualShape(double shape) {
        SplittableRandom rng = new SplittableRandom(7);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = BetaSampler.gamma(shape, rng);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / DRAWS;
        double var = sumSq / DRAWS - mean * mean;
        assertThat(mean).isCloseTo(shape, within(5 * Math.sqrt(shape / DRAWS)));
        assertThat(var).isCloseTo(shape, within(0.08 * shape));
    }

    @Test
    void sameSeedSameDraws() {
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            assertThat(BetaSampler.beta(0.7, 2.0, a)).isEqualTo(BetaSampler.beta(0.7, 2.0, b));
        }
    }

    @Test
    void tinyShapesStayInsideTheUnitInterval() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            double x = BetaSampler.beta(1e-3, 1e-3, rng);
            assertThat(x).isBetween(0.0, 1.0).isNotNaN();
        }
    }

    @Test
    void rejectsNonPositiveShapes() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThatThrownBy(() -> BetaSampler.beta(0, 1, rng))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a must be positive");
        assertThatThrownBy(() -> BetaSampler.beta(1, Double.NaN, rng))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
