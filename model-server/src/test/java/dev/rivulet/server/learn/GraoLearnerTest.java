package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One learner step with the {@code grao} loss on a tiny policy, groups interleaved in the batch.
 */
class GraoLearnerTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();

    /** Rows of two groups, interleaved a, b, a, b, a, b; advantages +1, +1, 0, 0, -1, -1. */
    private static List<TrainSample> batch(TransformerPolicy policy) {
        String[] prompts = {"1+2=", "3+4=", "5+6=", "7+8=", "9-1=", "8-2="};
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(prompts[i]), 41 + i));
        }
        List<Sample> s =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(6, TOK.eosId()));
        double[] adv = {1, 1, 0, 0, -1, -1};
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(
                    new TrainSample(
                            "r" + i,
                            s.get(i).promptTokens(),
                            s.get(i).tokens(),
                            s.get(i).logprobs(),
                            adv[i],
                            new float[0],
                            i % 2 == 0 ? "a" : "b"));
        }
        return out;
    }

    /** Mean log-prob of each row's response tokens under the current weights. */
    private static double[] rowLogp(TransformerPolicy policy, List<TrainSample> samples) {
        List<int[]> p = new ArrayList<>();
        List<int[]> r = new ArrayList<>();
        for (TrainSample s : samples) {
            p.add(s.promptTokens());
            r.add(s.responseTokens());
        }
        SequenceBatch b = SequenceBatch.of(p, r, TOK.padId());
        try (NDManager m = Engines.newManager()) {
            float[] logp = policy.score(m, b).logp().toFloatArray();
            float[] mask = b.responseMaskArray();
            int width = logp.length / samples.size();
            double[] out = new double[samples.size()];
            for (int row = 0; row < out.length; row++) {
                double sum = 0;
                double n = 0;
                for (int c = 0; c < width; c++) {
                    sum += logp[row * width + c] * mask[row * width + c];
                    n += mask[row * width + c];
                }
                out[row] = sum / n;
            }
            return out;
        }
    }

    @Test
    void oneStepRaisesEachGroupsBestResponseAndLowersItsWorstWithAFiniteGradient() {
        try (TransformerPolicy policy =
                        TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 13);
                Learner learner =
                        new Learner(
                                policy,
                                PolicyLosses.create("grao"),
                                OptimizerConfig.defaults().withLearningRate(3e-3))) {
            List<TrainSample> rows = batch(policy);
            assertThat(learner.hasReference()).isFalse();
            double[] before = rowLogp(policy, rows);
            StepStats stats = learner.step(MicroBatch.of("g0", rows));
            double[] after = rowLogp(policy, rows);
            assertThat(Double.isFinite(stats.loss())).isTrue();
            assertThat(stats.gradNorm()).isPositive().isFinite();
            assertThat(stats.clipFraction()).isZero();
            // rows 0, 1 are their groups' demonstrations (A = +1), rows 4, 5 their worst (A = -1)
            assertThat(after[0]).as(Arrays.toString(before)).isGreaterThan(before[0]);
            assertThat(after[1]).isGreaterThan(before[1]);
            assertThat(after[4]).isLessThan(before[4]);
            assertThat(after[5]).isLessThan(before[5]);
        }
    }
}
