package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.loss.PolicyLoss;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One learner step with sspo, aepo or kl-schedule moves the tiny policy the expected way. */
class EntropyLossesLearnerTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    private TransformerPolicy policy;

    @BeforeEach
    void setUp() {
        policy = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 11);
    }

    @AfterEach
    void tearDown() {
        policy.close();
    }

    private Learner learner(String loss, String... options) {
        PolicyLoss l = PolicyLosses.create(loss, StrategyOptions.of(options)).withTokenizer(TOK);
        return new Learner(policy, l, OptimizerConfig.defaults().withLearningRate(3e-3));
    }

    private List<TrainSample> rollouts(double advantage) {
        String[] prompts = {"1+2=", "3+4=", "12*3=", "7-5="};
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(prompts[i]), 31 + i));
        }
        List<Sample> samples =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(8, TOK.eosId()));
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
    void sspoRaisesLogProbsOfPositiveAdvantageAndLowersNegative() {
        List<TrainSample> pos = rollouts(1.0);
        double before = meanLogp(pos);
        try (Learner l = learner("sspo")) {
            StepStats s = l.step(MicroBatch.of("b1", pos));
            assertThat(meanLogp(pos)).isGreaterThan(before);
            assertThat(s.gradNorm()).isPositive().isFinite();
            assertThat(s.loss()).isFinite();
            double mid = meanLogp(pos);
            List<TrainSample> neg = new ArrayList<>();
            for (TrainSample t : pos) {
                neg.add(
                        new TrainSample(
                                t.rolloutId(),
                                t.promptTokens(),
                                t.responseTokens(),
                                t.behaviourLogprobs(),
                                -1.0));
            }
            l.step(MicroBatch.of("b2", neg));
            assertThat(meanLogp(pos)).isLessThan(mid);
        }
    }

    @Test
    void aepoRaisesEntropyBelowItsTargetAndLowersItAbove() {
        List<TrainSample> zero = rollouts(0.0);
        // A = 0: ppo-clip contributes nothing, only the aepo term moves the policy
        double[] up = entropies("target-entropy:100", zero);
        double[] down = entropies("target-entropy:0", zero);
        assertThat(up[1]).isGreaterThan(up[0]);
        assertThat(down[1]).isLessThan(down[0]);
    }

    /** Entropy reported by two steps of ppo-clip + aepo on a fresh copy of the policy. */
    private double[] entropies(String aepoOptions, List<TrainSample> batch) {
        try (TransformerPolicy copy = policy.copy(false);
                Learner l =
                        new Learner(
                                copy,
                                PolicyLosses.create(
                                        "ppo-clip",
                                        StrategyOptions.of(
                                                "regulariser", "aepo",
                                                "regulariser-coef", "1",
                                                "regulariser-options", aepoOptions)),
                                OptimizerConfig.defaults().withLearningRate(3e-3))) {
            StepStats first = l.step(MicroBatch.of("a", batch));
            assertThat(first.gradNorm()).isPositive().isFinite();
            StepStats second = l.step(MicroBatch.of("b", batch));
            return new double[] {first.entropy(), second.entropy()};
        }
    }

    @Test
    void klScheduleHoldsTheLearnerNearItsReference() {
        List<TrainSample> pos = rollouts(1.0);
        // the same three A = +1 steps with beta = 0 and with beta = 1 from the first step
        double[] free = klToReference("0", pos);
        double[] held = klToReference("1", pos);
        assertThat(free[0]).isCloseTo(0.0, within(1e-9));
        assertThat(held[0]).isCloseTo(0.0, within(1e-9));
        assertThat(free[2]).isPositive();
        assertThat(held[2]).isLessThan(free[2]);
    }

    /** KL to the reference reported by three A = +1 steps with kl-schedule at beta {@code b}. */
    private double[] klToReference(String beta, List<TrainSample> batch) {
        try (TransformerPolicy copy = policy.copy(false);
                Learner l =
                        new Learner(
                                copy,
                                PolicyLosses.create(
                                        "reinforce",
                                        StrategyOptions.of(
                                                "regulariser",
                                                "kl-schedule",
                                                "regulariser-coef",
                                                beta,
                                                "regulariser-options",
                                                "beta-start:" + beta)),
                                OptimizerConfig.defaults().withLearningRate(3e-3))) {
            assertThat(l.hasReference()).isTrue();
            double[] kl = new double[3];
            for (int i = 0; i < kl.length; i++) {
                StepStats s = l.step(MicroBatch.of("b" + i, batch));
                assertThat(s.gradNorm()).isFinite();
                kl[i] = s.klReference();
            }
            return kl;
        }
    }
}
