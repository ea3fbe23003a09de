package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPO's micro-batch normalisation, which only the learner does, against the independent vectors of
 * testdata/advantage-vectors.json ({@code spo_batch_normalisation}).
 */
class BatchNormalisationVectorsTest {

    @Test
    void theLearnersNormalisationMatchesTheVectors() throws IOException {
        JsonNode vectors;
        try (InputStream in =
                BatchNormalisationVectorsTest.class.getResourceAsStream(
                        "/testdata/advantage-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        int checked = 0;
        for (JsonNode c : vectors.get("spo_batch_normalisation")) {
            List<TrainSample> batch = new ArrayList<>();
            for (JsonNode a : c.get("advantages")) {
                batch.add(
                        new TrainSample(
                                "r" + batch.size(),
                                new int[] {1},
                                new int[] {2},
                                new float[] {-1f},
                                a.asDouble()));
            }
            double[] normalised = BatchAdvantages.scalars(batch, true);
            JsonNode expected = c.get("normalised");
            assertThat(normalised).hasSize(expected.size());
            for (int i = 0; i < normalised.length; i++) {
                double e = expected.get(i).asDouble();
                assertThat(normalised[i])
                        .as("case %d index %d", checked, i)
                        .isCloseTo(e, within(Math.max(1e-12, 1e-9 * Math.abs(e))));
            }
            double[] raw = BatchAdvantages.scalars(batch, false);
            for (int i = 0; i < raw.length; i++) {
                assertThat(raw[i]).isEqualTo(c.get("advantages").get(i).asDouble());
            }
            checked++;
        }
        assertThat(checked).isPositive();
    }
}
