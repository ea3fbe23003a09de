package dev.rivulet.jobs.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against a real Flight server whose answers are scripted: prompt "q<a>" is answered
 * correctly greedily when a is even, and by its first a samples of n.
 */
class EvaluatorTest {

    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    private final List<GenerationRequest> seen = new CopyOnWriteArrayList<>();

    private final BiFunction<GenerationRequest, Integer, String> answerer =
            (request, sample) -> {
                seen.add(request);
                int a = Integer.parseInt(request.prompt().substring(1));
                boolean right = request.greedy() ? a % 2 == 0 : sample < a;
                return right ? "yes" : "no";
            };

    private static Map<String, List<Prompt>> heldOut() {
        Map<String, List<Prompt>> cells = new LinkedHashMap<>();
        for (String cell : new String[] {"low", "high"}) {
            List<Prompt> ps = new ArrayList<>();
            int from = cell.equals("low") ? 0 : 3;
            for (int a = from; a < from + 3; a++) {
                ps.add(new Prompt("p" + a, "exact", 1, "q" + a, "yes"));
            }
            cells.put(cell, ps);
        }
        return cells; // low: a = 0, 1, 2; high: a = 3, 4, 5
    }

    @Test
    void greedyAccuracyAndSampledPassAtKAndMeanAtK() throws Exception {
        try (var server = new TestPolicyServer(new DeterministicPolicyService(answerer));
                var client = PolicyClients.open(server.endpoint())) {
            Evaluator ev =
                    new Evaluator(heldOut(), 8, "raw", "", new Evaluator.Sampling(4, 0.7, 0.9));
            EvalResult r = ev.evaluate(client);

            // greedy: a = 0, 2, 4 right
            assertThat(r.cells().get("low")).containsExactly(2, 3);
            assertThat(r.cells().get("high")).containsExactly(1, 3);
            assertThat(r.accuracy()).isCloseTo(0.5, EXACT);

            // sampled, n = 4: c = 0, 1, 2 (low) and 3, 4, 4 (high)
            SampledEval s = r.sampled();
            assertThat(s.samples()).isEqualTo(4);
            assertThat(s.temperature()).isEqualTo(0.7);
            assertThat(s.correctByCell().get("low")).containsExactly(0, 1, 2);
            assertThat(s.correctByCell().get("high")).containsExactly(3, 4, 4);
            assertThat(s.meanAtK()).isCloseTo(14.0 / 24, EXACT);
            assertThat(s.passAtK()).isCloseTo(5.0 / 6, EXACT);
            assertThat(s.meanByCell().get("low")).isCloseTo(0.25, EXACT);
            assertThat(s.passAtKByCell().get("low")).isCloseTo(2.0 / 3, EXACT);
            assertThat(s.passAtKByCell().get("high")).isEqualTo(1.0);

            List<GenerationRequest> sampled =
                    seen.stream().filter(q -> !q.greedy()).distinct().toList();
            assertThat(sampled).hasSize(6);
            assertThat(sampled)
                    .allSatisfy(
                            q -> {
                                assertThat(q.numSamples()).isEqualTo(4);
                                assertThat(q.temperature()).isEqualTo(0.7f);
                                assertThat(q.topP()).isEqualTo(0.9f);
                            });
            assertThat(sampled.stream().map(GenerationRequest::seed).distinct()).hasSize(6);

            // a second evaluation asks with the same seed for every prompt
            List<Long> firstSeeds = seedsByPrompt();
            seen.clear();
            ev.evaluate(client);
            assertThat(seedsByPrompt()).isEqualTo(firstSeeds);
        }
    }

    @Test
    void samplingOffLeavesOnlyTheGreedyPass() throws Exception {
        try (var server = new TestPolicyServer(new DeterministicPolicyService(answerer));
                var client = PolicyClients.open(server.endpoint())) {
            EvalResult r = new Evaluator(heldOut(), 8).evaluate(client);
            assertThat(r.sampled().enabled()).isFalse();
            assertThat(seen).allMatch(GenerationRequest::greedy);
            assertThat(r.outcomes()).hasSize(6);
        }
    }

    @Test
    void badSamplingSettingsNameTheValue() {
        assertThatThrownBy(() -> new Evaluator.Sampling(-1, 1, 1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new Evaluator.Sampling(4, 0, 1))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new Evaluator.Sampling(4, 1, 1.5)).hasMessageContaining("1.5");
    }

    private List<Long> seedsByPrompt() {
        return seen.stream()
                .filter(q -> !q.greedy())
                .sorted(java.util.Comparator.comparing(GenerationRequest::promptId))
                .map(GenerationRequest::seed)
                .distinct()
                .toList();
    }
}
