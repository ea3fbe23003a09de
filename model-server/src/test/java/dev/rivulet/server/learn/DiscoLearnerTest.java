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
import java.util.List;
import org.junit.jupiter.api.Test;

/** One learner step with the disco loss separates a group's positives from its negatives. */
class DiscoLearnerTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();

    /** Four responses to one prompt in group "g": rows 0 and 2 positive, 1 and 3 negative. */
    private static List<TrainSample> group(TransformerPolicy policy, double[] adv) {
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < adv.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt("12+3="), 41 + i));
        }
        List<Sample> s =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(6, TOK.eosId()));
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
                            "g"));
        }
        return out;
    }

    /** log-l score of each row: its mean response-token log-prob under the current weights. */
    private static double[] scores(TransformerPolicy policy, List<TrainSample> rows) {
        List<int[]> p = new ArrayList<>();
        List<int[]> r = new ArrayList<>();
        for (TrainSample s : rows) {
            p.add(s.promptTokens());
            r.add(s.responseTokens());
        }
        SequenceBatch b = SequenceBatch.of(p, r, TOK.padId());
        try (NDManager m = Engines.newManager()) {
            float[] logp = policy.score(m, b).logp().toFloatArray();
            float[] mask = b.responseMaskArray();
            int width = logp.length / rows.size();
            double[] out = new double[rows.size()];
            for (int row = 0; row < rows.size(); row++) {
                double sum = 0;
                double n = 0;
                for (int t = 0; t < width; t++) {
                    sum += logp[row * width + t] * mask[row * width + t];
                    n += mask[row * width + t];
                }
                out[row] = sum / n;
            }
            return out;
        }
    }

    @Test
    void oneStepWidensTheGapBetweenPositivesAndNegatives() {
        for (String objective : new String[] {"disco", "disco-b"}) {
            try (TransformerPolicy policy =
                            TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 11);
                    Learner learner =
                            new Learner(
                                    policy,
                                    PolicyLosses.create(
                                            "disco",
                                            dev.rivulet.core.registry.StrategyOptions.of(
                                                    "objective", objective)),
                                    OptimizerConfig.defaults().withLearningRate(3e-3))) {
                // the disco estimator's weights for rewards {1, 0, 1, 0}: +1/2, -1/2
                List<TrainSample> rows = group(policy, new double[] {0.5, -0.5, 0.5, -0.5});
                double[] before = scores(policy, rows);
                StepStats stats = learner.step(MicroBatch.of("b0", rows));
                double[] after = scores(policy, rows);
                assertThat(after[0] + after[2] - after[1] - after[3])
                        .as(objective)
                        .isGreaterThan(before[0] + before[2] - before[1] - before[3]);
                assertThat(after[0]).as(objective).isGreaterThan(before[0]);
                assertThat(after[2]).as(objective).isGreaterThan(before[2]);
                assertThat(stats.gradNorm()).as(objective).isPositive().isFinite();
                assertThat(stats.loss()).as(objective).isFinite();
                // logp = behaviour log-probs at the first step: the KL is ~0, the hinge is off
                assertThat(stats.clipFraction()).as(objective).isZero();
            }
        }
    }

    @Test
    void aOneSidedGroupGivesNoGradient() {
        try (TransformerPolicy policy =
                        TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 11);
                Learner learner =
                        new Learner(
                                policy,
                                PolicyLosses.create("disco"),
                                OptimizerConfig.defaults().withLearningRate(3e-3))) {
            // every row positive: no group discriminates, J = 0; KL ~0 is below delta
            List<TrainSample> rows = group(policy, new double[] {0.25, 0.25, 0.25, 0.25});
            StepStats stats = learner.step(MicroBatch.of("b0", rows));
            assertThat(stats.gradNorm()).isZero();
        }
    }
}
