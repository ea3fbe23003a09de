package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every policy loss against the PyTorch float64 reference values in loss-vectors.json. */
class LossVectorsTest {

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in =
                LossVectorsTest.class.getResourceAsStream("/testdata/loss-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Arguments> out = new ArrayList<>();
            int i = 0;
            for (JsonNode c : root.get("cases")) {
                String name =
                        i++
                                + " "
                                + c.get("loss").asText()
                                + " "
                                + c.get("ratio_kind").asText()
                                + " A="
                                + c.get("advantage");
                out.add(Arguments.of(name, c));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(String name, JsonNode c) {
        PolicyLoss loss = PolicyLosses.create(c.get("loss").asText(), options(c.get("params")));
        int rows = c.get("lengths").size();
        int width = 0;
        for (JsonNode l : c.get("lengths")) {
            width = Math.max(width, l.asInt());
        }
        double[] logp = new double[rows * width];
        double[] old = new double[rows * width];
        double[] adv = new double[rows * width];
        double[] valid = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            int len = c.get("lengths").get(r).asInt();
            for (int t = 0; t < width; t++) {
                int k = r * width + t;
                adv[k] = c.get("advantage").get(r).asDouble();
                if (t < len) {
                    logp[k] = c.get("logp").get(r).get(t).asDouble();
                    old[k] = c.get("oldlogp").get(r).get(t).asDouble();
                    valid[k] = 1;
                }
            }
        }
        try (NDManager m = Engines.newManager()) {
            Shape shape = new Shape(rows, width);
            NDArray lp = m.create(logp, shape);
            lp.setRequiresGradient(true);
            double value;
            double[] grad;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                LossResult res =
                        loss.compute(
                                new LossInput(
                                        lp,
                                        m.create(old, shape),
                                        m.create(adv, shape),
                                        m.create(valid, shape)));
                value = res.loss().getDouble();
                gc.backward(res.loss());
            }
            grad = lp.getGradient().toDoubleArray();
            double expected = c.get("expected_loss").asDouble();
            assertThat(value).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
            for (int r = 0; r < rows; r++) {
                int len = c.get("lengths").get(r).asInt();
                for (int t = 0; t < len; t++) {
                    double g = c.get("expected_grad_logp").get(r).get(t).asDouble();
                    assertThat(grad[r * width + t])
                            .as("grad[%d][%d]", r, t)
                            .isCloseTo(g, within(1e-9 * Math.max(1, Math.abs(g))));
                }
                for (int t = len; t < width; t++) {
                    assertThat(grad[r * width + t]).as("padding grad").isZero();
                }
            }
        }
    }

    private static StrategyOptions options(JsonNode p) {
        Map<String, String> o = new TreeMap<>();
        if (p.has("eps_lo")) {
            o.put("eps-low", p.get("eps_lo").asText());
            o.put("eps-high", p.get("eps_hi").asText());
        }
        if (p.has("dual_clip")) {
            o.put("dual-clip", p.get("dual_clip").asText());
        }
        if (p.has("eps")) {
            o.put("eps-low", p.get("eps").get(0).asText());
            o.put("eps-high", p.get("eps").get(1).asText());
        }
        if (p.has("eps_ring")) {
            o.put("ring-low", p.get("eps_ring").get(0).asText());
            o.put("ring-high", p.get("eps_ring").get(1).asText());
        }
        if (p.has("T")) {
            o.put("temperature", p.get("T").asText());
        }
        if (p.has("c")) {
            o.put("coef", p.get("c").asText());
        }
        return StrategyOptions.of(o);
    }
}
