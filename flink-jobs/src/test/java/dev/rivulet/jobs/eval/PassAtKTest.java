package dev.rivulet.jobs.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The unbiased pass@k estimator on hand-computed cases and against the binomial form. */
class PassAtKTest {

    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    @Test
    void handComputedCases() {
        // 1 - C(3,1)/C(4,1) = 1 - 3/4
        assertThat(PassAtK.estimate(4, 1, 1)).isCloseTo(0.25, EXACT);
        // 1 - C(3,2)/C(4,2) = 1 - 3/6
        assertThat(PassAtK.estimate(4, 1, 2)).isCloseTo(0.5, EXACT);
        // 1 - C(3,3)/C(5,3) = 1 - 1/10
        assertThat(PassAtK.estimate(5, 2, 3)).isCloseTo(0.9, EXACT);
        // 1 - C(2,2)/C(4,2) = 1 - 1/6
        assertThat(PassAtK.estimate(4, 2, 2)).isCloseTo(5.0 / 6, EXACT);
    }

    @Test
    void noCorrectSampleIsZeroAndAllCorrectIsOne() {
        for (int n = 1; n <= 8; n++) {
            for (int k = 1; k <= n; k++) {
                assertThat(PassAtK.estimate(n, 0, k)).isZero();
                assertThat(PassAtK.estimate(n, n, k)).isEqualTo(1.0);
            }
        }
    }

    @Test
    void withKEqualToNItIsOneAsSoonAsOneSampleIsCorrect() {
        assertThat(PassAtK.estimate(4, 1, 4)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(16, 1, 16)).isEqualTo(1.0);
    }

    @Test
    void passAtOneIsTheMeanAndMatchesTheBinomialFormEverywhere() {
        for (int n = 1; n <= 20; n++) {
            for (int c = 0; c <= n; c++) {
                assertThat(PassAtK.estimate(n, c, 1)).isCloseTo(PassAtK.mean(n, c), EXACT);
                for (int k = 1; k <= n; k++) {
                    double reference = 1 - binomial(n - c, k) / binomial(n, k);
                    assertThat(PassAtK.estimate(n, c, k))
                            .as("n=%d c=%d k=%d", n, c, k)
                            .isCloseTo(reference, Offset.offset(1e-9));
                }
            }
        }
    }

    @Test
    void largeNDoesNotOverflow() {
        // C(1000, 500) overflows a double; the product form does not need it
        double p = PassAtK.estimate(1000, 10, 500);
        assertThat(p).isBetween(0.99, 1.0);
        assertThat(PassAtK.estimate(1000, 1, 500)).isCloseTo(0.5, EXACT);
    }

    @Test
    void badArgumentsNameTheValue() {
        assertThatThrownBy(() -> PassAtK.estimate(0, 0, 1)).hasMessageContaining("n=0");
        assertThatThrownBy(() -> PassAtK.estimate(4, 5, 1)).hasMessageContaining("c=5");
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 5)).hasMessageContaining("k=5");
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 0)).hasMessageContaining("k=0");
        assertThatThrownBy(() -> PassAtK.mean(4, -1)).hasMessageContaining("c=-1");
    }

    private static double binomial(int n, int k) {
        if (k > n) {
            return 0;
        }
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
