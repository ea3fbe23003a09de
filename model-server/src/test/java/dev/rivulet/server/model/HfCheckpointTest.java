package dev.rivulet.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rivulet.server.generate.DecodeMode;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hub-layout checkpoints (qwen3 from the shared reference, llama and qwen2 made by
 * src/test/python/make_hf_fixtures.py) loaded through {@link ModelDir} reproduce the float64
 * reference numbers of their expected.json.
 */
class HfCheckpointTest {

    private static final double LOGPROB_TOL = 2e-3;
    private static final double GRAD_REL_TOL = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {"hf-tiny-qwen3", "tiny-llama", "tiny-qwen2"})
    void completionLogprobsOfEveryPair(String name) throws Exception {
        HfFixture f = new HfFixture(name);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> completions = new ArrayList<>();
        for (HfFixture.Pair p : f.pairs) {
            prompts.add(p.promptIds());
            completions.add(p.completionIds());
        }
        SequenceBatch batch = SequenceBatch.of(prompts, completions, 0);
        try (TransformerPolicy policy = ModelDir.loadPolicy(f.dir);
                NDManager m = Engines.newManager()) {
            Engines.noGradOnThisThread();
            float[] logp = policy.score(m, batch).logp().toFloatArray();
            for (int r = 0; r < f.pairs.size(); r++) {
                double[] expected = f.pairs.get(r).completionLogprobs();
                for (int t = 0; t < expected.length; t++) {
                    double got = logp[r * batch.width() + batch.responseStart(r) + t];
                    assertThat(got)
                            .as("%s pair %d token %d", name, r, t)
                            .isCloseTo(expected[t], within(LOGPROB_TOL));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-tiny-qwen3", "tiny-llama", "tiny-qwen2"})
    void topFiveNextTokensAndLogsumexp(String name) throws Exception {
        HfFixture f = new HfFixture(name);
        try (TransformerPolicy policy = ModelDir.loadPolicy(f.dir);
                NDManager m = Engines.newManager()) {
            Engines.noGradOnThisThread();
            for (int r = 0; r < f.pairs.size(); r++) {
                HfFixture.Pair p = f.pairs.get(r);
                float[] logits = lastLogits(policy, m, p.promptIds());
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (float v : logits) {
                    sum += Math.exp(v - max);
                }
                double lse = max + Math.log(sum);
                assertThat(lse)
                        .as("%s pair %d logsumexp", name, r)
                        .isCloseTo(p.logsumexp(), within(LOGPROB_TOL));
                int[] top =
                        IntStream.range(0, logits.length)
                                .boxed()
                                .sorted(Comparator.comparingDouble(i -> -logits[i]))
                                .limit(5)
                                .mapToInt(Integer::intValue)
                                .toArray();
                assertThat(top).as("%s pair %d top-5", name, r).containsExactly(p.top5Ids());
                for (int i = 0; i < 5; i++) {
                    assertThat(logits[top[i]] - lse)
                            .as("%s pair %d top %d", name, r, i)
                            .isCloseTo(p.top5Logprobs()[i], within(LOGPROB_TOL));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-tiny-qwen3", "tiny-llama", "tiny-qwen2"})
    void greedyContinuationAfterPairZero(String name) throws Exception {
        HfFixture f = new HfFixture(name);
        int steps = f.greedyAfterPair0.length;
        try (TransformerPolicy policy = ModelDir.loadPolicy(f.dir)) {
            Generator gen = new Generator(policy, 0);
            SamplingParams greedy = new SamplingParams(0.0, 1.0, steps, new int[0]);
            List<DecodeRequest> req = List.of(new DecodeRequest(f.pairs.get(0).promptIds(), 1));
            for (DecodeMode mode : DecodeMode.values()) {
                Sample s = gen.generate(req, greedy, mode).get(0);
                assertThat(s.tokens()).as("%s %s", name, mode).containsExactly(f.greedyAfterPair0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-tiny-qwen3", "tiny-llama", "tiny-qwen2"})
    void lossAndGradientNormOfEveryTensor(String name) throws Exception {
        HfFixture f = new HfFixture(name);
        HfFixture.Pair p = f.pairs.get(0);
        SequenceBatch batch =
                SequenceBatch.of(List.of(p.promptIds()), List.of(p.completionIds()), 0);
        try (TransformerPolicy policy = ModelDir.loadPolicy(f.dir);
                NDManager m = Engines.newManager()) {
            policy.zeroGradients();
            double loss;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                NDArray logp = policy.score(m, batch).logp();
                NDArray total = logp.mul(batch.responseMask(m)).sum().neg();
                loss = total.getFloat();
                gc.backward(total);
            }
            assertThat(loss)
                    .as("%s loss", name)
                    .isCloseTo(p.loss(), within(p.loss() * GRAD_REL_TOL));
            assertThat(policy.parameterNames())
                    .containsExactlyInAnyOrderElementsOf(p.gradNorms().keySet());
            for (int i = 0; i < policy.parameters().size(); i++) {
                String param = policy.parameterNames().get(i);
                NDArray g = policy.parameters().get(i).getGradient();
                double norm =
                        Math.sqrt(g.toType(DataType.FLOAT64, false).square().sum().getDouble());
                double expected = p.gradNorms().get(param);
                assertThat(norm)
                        .as("%s grad norm of %s", name, param)
                        .isCloseTo(expected, within(expected * GRAD_REL_TOL));
            }
            policy.zeroGradients();
        }
    }

    private static float[] lastLogits(TransformerPolicy policy, NDManager m, int[] prompt) {
        try (NDManager s = m.newSubManager()) {
            long[] ids = new long[prompt.length];
            long[] pos = new long[prompt.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = prompt[i];
                pos[i] = i;
            }
            NDArray out =
                    policy.lastLogits(
                            s.create(ids, new Shape(1, ids.length)),
                            s.create(pos, new Shape(1, ids.length)),
                            AttentionMask.causal(s, ids.length),
                            null);
            return out.toFloatArray();
        }
    }
}
