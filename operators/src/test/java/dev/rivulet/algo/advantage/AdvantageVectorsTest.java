package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins the group estimators and SPO's batch normalisation to advantage-vectors.json. */
class AdvantageVectorsTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in =
                AdvantageVectorsTest.class.getResourceAsStream(
                        "/testdata/advantage-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double tol = Math.max(1e-12, 1e-9 * Math.abs(expected[i]));
            assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], within(tol));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpo", "drgrpo", "ngrpo", "rec", "asymre"})
    void groupEstimatorsMatchTheVectors(String id) throws IOException {
        // the shared vectors augment NGRPO's groups of one; the default follows the authors' code
        // (A = r), pinned by NgrpoAdvantageTest
        AdvantageEstimator estimator =
                id.equals("ngrpo")
                        ? AdvantageEstimators.registry()
                                .create(id, StrategyOptions.of("single", "augmented"))
                        : AdvantageEstimators.registry().create(id);
        assertThat(estimator.needsGroup()).isTrue();
        int checked = 0;
        for (JsonNode group : vectors().get("groups")) {
            double[] rewards = doubles(group.get("rewards"));
            AdvantageResult result =
                    estimator.estimate(AdvantageInput.group(rewards), new SplittableRandom(1));
            assertClose(result.advantages(), doubles(group.get(id)));
            checked++;
        }
        assertThat(checked).isEqualTo(8);
    }
}
