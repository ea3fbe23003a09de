package dev.rivulet.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Hub-layout test checkpoint under src/test/resources and its expected.json. */
final class HfFixture {

    /** One prompt + completion and the reference numbers for it. */
    record Pair(
            int[] promptIds,
            int[] completionIds,
            double[] completionLogprobs,
            int[] top5Ids,
            double[] top5Logprobs,
            double logsumexp,
            double loss,
            Map<String, Double> gradNorms) {}

    final Path dir;
    final List<Pair> pairs = new ArrayList<>();
    final int[] greedyAfterPair0;

    HfFixture(String resource) throws IOException {
        try {
            dir = Path.of(HfFixture.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        JsonNode root = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        for (JsonNode p : root.get("pairs")) {
            JsonNode top = p.get("next_token_top5");
            int[] topIds = new int[top.size()];
            double[] topLp = new double[top.size()];
            for (int i = 0; i < top.size(); i++) {
                topIds[i] = top.get(i).get(0).asInt();
                topLp[i] = top.get(i).get(1).asDouble();
            }
            Map<String, Double> grads = new LinkedHashMap<>();
            p.path("grad_l2_norms")
                    .fields()
                    .forEachRemaining(e -> grads.put(e.getKey(), e.getValue().asDouble()));
            pairs.add(
                    new Pair(
                            ints(p.get("prompt_ids")),
                            ints(p.get("completion_ids")),
                            doubles(p.get("completion_logprobs")),
                            topIds,
                            topLp,
                            p.get("logsumexp_last_prompt_logits").asDouble(),
                            p.path("loss").asDouble(Double.NaN),
                            grads));
        }
        greedyAfterPair0 = ints(root.get("greedy_after_pair0"));
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
