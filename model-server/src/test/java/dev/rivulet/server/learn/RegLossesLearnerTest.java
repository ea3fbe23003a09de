package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.rivulet.core.registry.StrategyOptions;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One learner step with {@code reg-grpo} and with the {@code llds} regulariser on a tiny policy.
 */
class RegLossesLearnerTest {

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

    /** {@code n} samples of one prompt in one group, with the given advantages. */
    private List<TrainSample> group(String prompt, String id, double... advantages) {
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < advantages.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(prompt), 101 + i));
        }
        List<Sample> samples =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(6, TOK.eosId()));
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            out.add(
                    new TrainSample(
                            id + i,
                            s.promptTokens(),
                            s.tokens(),
                            s.logprobs(),
                            advantages[i],
                            null,
                            id));
        }
        return out;
    }

    /** Each sample's summed response log-prob under the current weights. */
    private double[] seqLogp(List<TrainSample> samples) {
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
            for (int i = 0; i < logp.length; i++) {
                out[i / width] += logp[i] * mask[i];
            }
            return out;
        }
    }

    @Test
    void regGrpoRaisesTheBetterResponsesOfAGroupAgainstTheWorse() {
        // grpo advantages of rewards (1, 1, 0, 0) with the unbiased std: ±0.866
        double a = Math.sqrt(0.75);
        List<TrainSample> batch = new ArrayList<>(group("1+2=", "g", a, -a, a, -a));
        batch.addAll(group("34+5=", "h", -a, a, -a, a));
        double[] before = seqLogp(batch);
        try (Learner learner =
                new Learner(
                        policy,
                        PolicyLosses.create("reg-grpo"),
                        OptimizerConfig.defaults().withLearningRate(3e-3),
                        1)) { // one row per pass: the learner still keeps each group whole
            StepStats stats = learner.step(MicroBatch.of("b1", batch));
            // on-policy: every ρ is float noise far below ε, Â_θ ≈ 0, loss ≈ mean A² = 0.75
            assertThat(stats.loss()).isCloseTo(0.75, within(0.01));
            assertThat(stats.gradNorm()).isFinite().isPositive();
        }
        double[] after = seqLogp(batch);
        // a tiny policy shares its weights between responses, so one response's log-prob may move
        // with another's: on average the better responses rise and the worse fall, and within
        // each group the better gain more than the worse
        // summed moves of the A > 0 and A < 0 rows (two each) of group 0, group 1 and both
        double[] pos = new double[3];
        double[] neg = new double[3];
        for (int i = 0; i < batch.size(); i++) {
            double moved = after[i] - before[i];
            double[] side = batch.get(i).advantage() > 0 ? pos : neg;
            side[i / 4] += moved;
            side[2] += moved;
        }
        assertThat(pos[2]).isPositive();
        assertThat(neg[2]).isNegative();
        assertThat(pos[0]).isGreaterThan(neg[0]);
        assertThat(pos[1]).isGreaterThan(neg[1]);
    }

    @Test
    void lldsPullsBackAResponseWhoseLikelihoodFell() {
        // ppo-clip with A = 0 on every row has no policy-gradient term; the behaviour log-probs are
        // set 0.5 above the current ones, so every response's likelihood "fell": llds alone acts
        // and raises their log-probs (the plain loss has no gradient at all)
        List<TrainSample> batch = new ArrayList<>();
        for (TrainSample s : group("12*3=", "k", 0, 0, 0)) {
            float[] higher = s.behaviourLogprobs().clone();
            for (int t = 0; t < higher.length; t++) {
                higher[t] += 0.5f;
            }
            batch.add(
                    new TrainSample(
                            s.rolloutId(), s.promptTokens(), s.responseTokens(), higher, 0.0));
        }
        double[] before = seqLogp(batch);
        try (TransformerPolicy copy = policy.copy(false);
                Learner plain =
                        new Learner(
                                copy,
                                PolicyLosses.create("ppo-clip"),
                                OptimizerConfig.defaults().withLearningRate(3e-3))) {
            assertThat(plain.step(MicroBatch.of("b0", batch)).gradNorm()).isZero();
        }
        try (Learner llds =
                new Learner(
                        policy,
                        PolicyLosses.create(
                                "ppo-clip",
                                StrategyOptions.of(
                                        "regulariser", "llds", "regulariser-coef", "0.2")),
                        OptimizerConfig.defaults().withLearningRate(3e-3))) {
            StepStats stats = llds.step(MicroBatch.of("b1", batch));
            // token mean of 0.2·0.5 on every token (all fell by 0.5, A = 0 is preserved)
            assertThat(stats.loss()).isCloseTo(0.1, within(1e-4));
            assertThat(stats.gradNorm()).isFinite().isPositive();
        }
        double[] after = seqLogp(batch);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(after[i]).as("row %d", i).isGreaterThan(before[i]);
        }
    }
}
