package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.loss.TokenAggregations;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One learner step moves log-probs the right way; bad batches are rejected without an update. */
class LearnerTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    private TransformerPolicy policy;
    private Learner learner;

    @BeforeEach
    void setUp() {
        policy = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 11);
        learner =
                new Learner(
                        policy,
                        PolicyLosses.create("ppo-clip"),
                        OptimizerConfig.defaults().withLearningRate(3e-3));
    }

    @AfterEach
    void tearDown() {
        learner.close();
        policy.close();
    }

    private List<TrainSample> rollouts(double advantage, String... prompts) {
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(prompts[i]), 31 + i));
        }
        List<Sample> samples =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(6, TOK.eosId()));
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            out.add(
                    new TrainSample(
                            "r" + i, s.promptTokens(), s.tokens(), s.logprobs(), advantage));
        }
        return out;
    }

    private double meanLogp(List<TrainSample> samples) {
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
            double sum = 0;
            double n = 0;
            for (int i = 0; i < logp.length; i++) {
                sum += logp[i] * mask[i];
                n += mask[i];
            }
            return sum / n;
        }
    }

    @Test
    void positiveAdvantageRaisesLogProbs() {
        List<TrainSample> pos = rollouts(1.0, "1+2=", "3+4=", "12*3=", "7-5=");
        double before = meanLogp(pos);
        StepStats stats = learner.step(MicroBatch.of("b1", pos));
        assertThat(meanLogp(pos)).isGreaterThan(before);
        assertThat(stats.samples()).isEqualTo(4);
        assertThat(stats.tokens())
                .isEqualTo(pos.stream().mapToInt(s -> s.responseTokens().length).sum());
        assertThat(stats.klBehaviour()).isCloseTo(0.0, within(1e-4));
        assertThat(stats.clipFraction()).isZero();
        assertThat(stats.gradNorm()).isPositive();
        assertThat(stats.entropy()).isPositive();
        assertThat(learner.optimizer().stepCount()).isEqualTo(1);
    }

    @Test
    void aBatchWithoutSignalMovesNoWeightAndTakesNoOptimizerStep() {
        List<TrainSample> pos = rollouts(1.0, "1+2=", "3+4=", "12*3=", "7-5=");
        learner.step(MicroBatch.of("b1", pos));
        double after = meanLogp(pos);
        // every advantage 0: the gradient is exactly 0; AdamW's momentum from b1 would otherwise
        // move every weight again (m/sqrt(v) is not 0 after a step)
        StepStats stats = learner.step(MicroBatch.of("b2", rollouts(0.0, "5+6=", "8-1=")));
        assertThat(stats.gradNorm()).isZero();
        assertThat(meanLogp(pos)).isEqualTo(after);
        assertThat(learner.optimizer().stepCount()).isEqualTo(1);
        // the next real step moves them again
        learner.step(MicroBatch.of("b3", pos));
        assertThat(meanLogp(pos)).isNotEqualTo(after);
        assertThat(learner.optimizer().stepCount()).isEqualTo(2);
    }

    @Test
    void negativeAdvantageLowersLogProbs() {
        List<TrainSample> neg = rollouts(-1.0, "1+2=", "3+4=", "12*3=", "7-5=");
        double before = meanLogp(neg);
        learner.step(MicroBatch.of("b1", neg));
        assertThat(meanLogp(neg)).isLessThan(before);
    }

    @Test
    void klToReferenceStartsAtZero() {
        try (Learner withKl =
                new Learner(
                        policy,
                        PolicyLosses.create("reinforce"),
                        OptimizerConfig.defaults().withKlBeta(0.1))) {
            List<TrainSample> pos = rollouts(1.0, "1+2=", "3+4=");
            StepStats first = withKl.step(MicroBatch.of("b1", pos));
            assertThat(first.klReference()).isCloseTo(0.0, within(1e-9));
            StepStats second = withKl.step(MicroBatch.of("b2", pos));
            assertThat(second.klReference()).isPositive();
        }
    }

    @Test
    void klBetaFollowsItsScheduleAndIsReportedPerStep() {
        OptimizerConfig cfg =
                OptimizerConfig.from(
                        3e-3,
                        StrategyOptions.of(
                                "kl-beta", "0.1",
                                "kl-schedule", "linear",
                                "kl-beta-end", "0",
                                "kl-steps", "2"));
        try (TransformerPolicy copy = policy.copy(false);
                Learner l = new Learner(copy, PolicyLosses.create("reinforce"), cfg)) {
            assertThat(l.hasReference()).isTrue();
            List<TrainSample> pos = rollouts(1.0, "1+2=", "3+4=");
            double[] expected = {0.1, 0.05, 0.0, 0.0};
            for (int i = 0; i < expected.length; i++) {
                assertThat(l.klBeta()).isCloseTo(expected[i], within(1e-15));
                StepStats s = l.step(MicroBatch.of("b" + i, pos));
                assertThat(s.klBeta()).as("step %d", i).isCloseTo(expected[i], within(1e-15));
            }
        }
    }

    @Test
    void zeroKlBetaKeepsNoReferenceCopy() {
        assertThat(learner.hasReference()).isFalse();
        assertThat(learner.klBeta()).isZero();
        StepStats s = learner.step(MicroBatch.of("b", rollouts(1.0, "1+2=")));
        assertThat(s.klBeta()).isZero();
        assertThat(s.klReference()).isZero();
        // a schedule that rises from 0 needs the reference from the start
        try (Learner rising =
                new Learner(
                        policy,
                        PolicyLosses.create("reinforce"),
                        OptimizerConfig.from(
                                1e-3,
                                StrategyOptions.of(
                                        "kl-schedule", "cosine",
                                        "kl-beta-end", "0.1",
                                        "kl-steps", "5")))) {
            assertThat(rising.hasReference()).isTrue();
            assertThat(rising.klBeta()).isZero();
        }
    }

    @Test
    void entropyBonusReachesTheLearnerWithItsGradient() {
        List<TrainSample> zero = rollouts(0.0, "1+2=", "3+4=", "12*3=");
        // ppo-clip with A = 0 has no policy-gradient term: only -c*H is left
        StepStats plain = learner.step(MicroBatch.of("b0", zero));
        assertThat(plain.gradNorm()).isZero();
        try (TransformerPolicy copy = policy.copy(false);
                Learner bonus =
                        new Learner(
                                copy,
                                PolicyLosses.create(
                                        "ppo-clip",
                                        StrategyOptions.of(
                                                "regulariser", "entropy-bonus",
                                                "regulariser-coef", "0.5")),
                                OptimizerConfig.defaults().withLearningRate(3e-3),
                                1)) { // one row per pass: the chunks' shares add up
            StepStats first = bonus.step(MicroBatch.of("b1", zero));
            assertThat(first.loss()).isCloseTo(-0.5 * first.entropy(), within(1e-5));
            assertThat(first.gradNorm()).isPositive();
            StepStats second = bonus.step(MicroBatch.of("b2", zero));
            assertThat(second.entropy()).isGreaterThan(first.entropy());
        }
    }

    @Test
    void aBatchScoredInRowChunksStepsLikeOneScoredWhole() {
        // different response lengths and signs, so that the chunks' token counts differ
        List<TrainSample> batch = new ArrayList<>(rollouts(1.0, "1+2=", "34+5=", "6*7="));
        batch.addAll(rollouts(-0.5, "8-9=", "123+4="));
        for (String aggregation : TokenAggregations.ids()) {
            StrategyOptions lossOptions = StrategyOptions.of("aggregation", aggregation);
            try (TransformerPolicy one = policy.copy(false);
                    TransformerPolicy two = policy.copy(false);
                    Learner whole =
                            new Learner(
                                    one,
                                    PolicyLosses.create("ppo-clip", lossOptions),
                                    OptimizerConfig.defaults().withKlBeta(0.05));
                    Learner chunked =
                            new Learner(
                                    two,
                                    PolicyLosses.create("ppo-clip", lossOptions),
                                    OptimizerConfig.defaults().withKlBeta(0.05),
                                    1)) { // one row per pass
                for (int step = 0; step < 2; step++) {
                    StepStats a = whole.step(MicroBatch.of("b" + step, batch));
                    StepStats b = chunked.step(MicroBatch.of("b" + step, batch));
                    assertThat(b.loss()).as(aggregation).isCloseTo(a.loss(), within(1e-5));
                    assertThat(b.klReference()).isCloseTo(a.klReference(), within(1e-6));
                    assertThat(b.clipFraction()).isCloseTo(a.clipFraction(), within(1e-9));
                    assertThat(b.gradNorm())
                            .as(aggregation)
                            .isCloseTo(a.gradNorm(), within(1e-4 * a.gradNorm()));
                    assertThat(b.entropy()).isCloseTo(a.entropy(), within(1e-5));
                    assertThat(b.tokens()).isEqualTo(a.tokens());
                }
                float[] p = one.parameters().get(0).toFloatArray();
                float[] q = two.parameters().get(0).toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    assertThat(q[i]).as(aggregation).isCloseTo(p[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void spoNormalisationUsesUnbiasedStd() {
        List<TrainSample> s = new ArrayList<>();
        for (double a : new double[] {1, 0, 0, 1}) {
            s.add(new TrainSample("x", new int[] {1}, new int[] {5}, new float[] {-1f}, a));
        }
        double[] n = BatchAdvantages.scalars(s, true);
        double std = Math.sqrt(1.0 / 3.0);
        assertThat(n[0]).isCloseTo(0.5 / (std + 1e-8), within(1e-12));
        assertThat(n[1]).isCloseTo(-0.5 / (std + 1e-8), within(1e-12));
        assertThat(BatchAdvantages.scalars(s.subList(0, 1), true)[0]).isZero();
    }

    @Test
    void badInputIsRejectedWithoutUpdate() {
        List<TrainSample> good = rollouts(1.0, "1+2=", "3+4=");
        float[][] before = policy.exportParameters();
        TrainSample g = good.get(1);
        expectRejected(List.of(), "empty batch");
        expectRejected(
                withSecond(
                        good,
                        s ->
                                new TrainSample(
                                        "bad",
                                        s.promptTokens(),
                                        new int[] {5, 999},
                                        new float[] {-1f, -1f},
                                        1)),
                "response token id 999 at index 1 is outside the vocabulary");
        expectRejected(
                withSecond(
                        good,
                        s ->
                                new TrainSample(
                                        "bad",
                                        s.promptTokens(),
                                        s.responseTokens(),
                                        s.behaviourLogprobs(),
                                        Double.NaN)),
                "advantage is NaN");
        float[] infLogp = g.behaviourLogprobs().clone();
        infLogp[0] = Float.NEGATIVE_INFINITY;
        expectRejected(
                withSecond(
                        good,
                        s ->
                                new TrainSample(
                                        "bad", s.promptTokens(), s.responseTokens(), infLogp, 1)),
                "behaviour log-prob -Infinity");
        expectRejected(
                withSecond(
                        good,
                        s ->
                                new TrainSample(
                                        "bad",
                                        s.promptTokens(),
                                        s.responseTokens(),
                                        new float[s.responseTokens().length + 1],
                                        1)),
                "length mismatch");
        int[] longResponse = new int[16];
        java.util.Arrays.fill(longResponse, 5);
        expectRejected(
                withSecond(
                        good,
                        s ->
                                new TrainSample(
                                        "bad", s.promptTokens(), longResponse, new float[16], 1)),
                "longer than the context 16");
        assertThat(policy.exportParameters()).isDeepEqualTo(before);
        assertThat(learner.optimizer().stepCount()).isZero();
    }

    private void expectRejected(List<TrainSample> samples, String message) {
        assertThatThrownBy(() -> learner.step(MicroBatch.of("bad", samples)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static List<TrainSample> withSecond(
            List<TrainSample> good, UnaryOperator<TrainSample> f) {
        return List.of(good.get(0), f.apply(good.get(1)));
    }
}
