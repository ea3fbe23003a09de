package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rivulet.server.loss.LossInput;
import dev.rivulet.server.loss.PolicyLoss;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-token advantages A_t replace a row's scalar advantage in every loss. */
class TokenAdvantagesTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    private TransformerPolicy policy;

    @BeforeEach
    void setUp() {
        policy = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 5);
    }

    @AfterEach
    void tearDown() {
        policy.close();
    }

    /** Rows whose behaviour log-probs are the current policy's (ratio 1), advantage {@code a}. */
    private List<TrainSample> onPolicy(double a, String... texts) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (String t : texts) {
            prompts.add(TOK.encodePrompt(t));
            responses.add(TOK.encode(t.substring(0, 3)));
        }
        List<float[]> logp = policy.responseLogprobs(prompts, responses, TOK.padId());
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(new TrainSample("r" + i, prompts.get(i), responses.get(i), logp.get(i), a));
        }
        return out;
    }

    private static TrainSample withTokens(TrainSample s, float... perToken) {
        return new TrainSample(
                s.rolloutId(),
                s.promptTokens(),
                s.responseTokens(),
                s.behaviourLogprobs(),
                s.advantage(),
                perToken);
    }

    private static float[] repeat(double a, int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, (float) a);
        return out;
    }

    private StepStats step(String loss, List<TrainSample> batch, boolean normalize) {
        try (TransformerPolicy copy = policy.copy(false);
                Learner l =
                        new Learner(copy, PolicyLosses.create(loss), OptimizerConfig.defaults())) {
            StepStats s = l.step(new MicroBatch("b", batch, normalize));
            return s;
        }
    }

    private float[] stepParams(String loss, List<TrainSample> batch, boolean normalize) {
        try (TransformerPolicy copy = policy.copy(false);
                Learner l =
                        new Learner(copy, PolicyLosses.create(loss), OptimizerConfig.defaults())) {
            l.step(new MicroBatch("b", batch, normalize));
            return copy.parameters().get(0).toFloatArray();
        }
    }

    @Test
    void perTokenVectorsEqualToTheScalarTrainLikeTheScalar() {
        List<TrainSample> scalar = new ArrayList<>(onPolicy(0.5f, "1+2=", "3+45="));
        scalar.addAll(onPolicy(-1.25f, "67*8="));
        List<TrainSample> vectors = new ArrayList<>();
        for (TrainSample s : scalar) {
            vectors.add(withTokens(s, repeat(s.advantage(), s.responseTokens().length)));
        }
        for (String loss : new String[] {"ppo-clip", "reinforce", "rec/one-side/is"}) {
            for (boolean normalize : new boolean[] {false, true}) {
                StepStats a = step(loss, scalar, normalize);
                StepStats b = step(loss, vectors, normalize);
                assertThat(b.loss()).as(loss).isCloseTo(a.loss(), within(1e-9));
                assertThat(b.gradNorm())
                        .as(loss)
                        .isCloseTo(a.gradNorm(), within(1e-6 * a.gradNorm()));
                float[] p = stepParams(loss, scalar, normalize);
                float[] q = stepParams(loss, vectors, normalize);
                for (int i = 0; i < p.length; i++) {
                    assertThat(q[i]).as(loss).isCloseTo(p[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void handComputedLossWithAdvantagesOneZeroMinusOne() {
        TrainSample row = onPolicy(7.0, "1+2=").get(0); // the scalar 7 must not be used
        TrainSample perToken = withTokens(row, 1f, 0f, -1f);
        float[] lp = row.behaviourLogprobs(); // ratio 1: the current log-probs
        // REINFORCE, token mean: -(1*lp0 + 0*lp1 - 1*lp2)/3
        assertThat(step("reinforce", List.of(perToken), false).loss())
                .isCloseTo(-(lp[0] - lp[2]) / 3.0, within(1e-6));
        // ppo-clip at the behaviour policy: L_t = -A_t*1, token mean -(1 + 0 - 1)/3 = 0
        assertThat(step("ppo-clip", List.of(perToken), false).loss()).isCloseTo(0.0, within(1e-6));
        // and the scalar alone gives -7 for ppo-clip
        assertThat(step("ppo-clip", List.of(row), false).loss()).isCloseTo(-7.0, within(1e-5));
    }

    @Test
    void aTokenWithZeroAdvantageContributesNoGradient() {
        // at the loss: d loss / d logp_t = -A_t/3 for ratio 1, exactly 0 where A_t = 0
        for (String id : new String[] {"ppo-clip", "reinforce", "rec/one-side/is", "rec"}) {
            PolicyLoss loss = PolicyLosses.create(id);
            try (NDManager m = Engines.newManager()) {
                Shape s = new Shape(1, 3);
                NDArray lp = m.create(new double[] {-1.0, -2.0, -0.5}, s);
                lp.setRequiresGradient(true);
                double[] grad;
                try (GradientCollector gc = Engines.newGradientCollector()) {
                    NDArray value =
                            loss.compute(
                                            new LossInput(
                                                    lp,
                                                    m.create(new double[] {-1.0, -2.0, -0.5}, s),
                                                    m.create(new double[] {1, 0, -1}, s),
                                                    m.ones(s, lp.getDataType())))
                                    .loss();
                    gc.backward(value);
                }
                grad = lp.getGradient().toDoubleArray();
                assertThat(grad)
                        .as(id)
                        .containsExactly(new double[] {-1 / 3.0, 0, 1 / 3.0}, within(1e-12));
            }
        }
        // at the learner: a row whose every A_t is 0 moves nothing, whatever its scalar
        TrainSample row = onPolicy(2.0, "1+2=").get(0);
        StepStats masked = step("reinforce", List.of(withTokens(row, 0f, 0f, 0f)), false);
        assertThat(masked.gradNorm()).isZero();
        assertThat(masked.loss()).isZero();
    }

    @Test
    void normalisationMapsScalarsAndTokensByOneAffineMap() {
        List<TrainSample> s = new ArrayList<>();
        for (double a : new double[] {1, 0, 0, 1}) {
            s.add(new TrainSample("x", new int[] {1}, new int[] {5, 6, 7}, new float[3], a));
        }
        s.set(0, withTokens(s.get(0), 1f, 0.5f, -1f));
        // mean 0.5, unbiased std sqrt(1/3) over the scalars; A_t -> (A_t - 0.5)/(std + 1e-8)
        double scale = Math.sqrt(1.0 / 3.0) + 1e-8;
        double[][] n = BatchAdvantages.perToken(s, true);
        assertThat(n[0])
                .containsExactly(new double[] {0.5 / scale, 0.0, -1.5 / scale}, within(1e-12));
        assertThat(n[1])
                .containsExactly(
                        new double[] {-0.5 / scale, -0.5 / scale, -0.5 / scale}, within(1e-12));
        assertThat(n[3])
                .containsExactly(
                        new double[] {0.5 / scale, 0.5 / scale, 0.5 / scale}, within(1e-12));
        // the per-token vector does not enter the statistics
        assertThat(BatchAdvantages.scalars(s, true)[0]).isCloseTo(0.5 / scale, within(1e-12));
        // without normalisation A_t are used as given
        assertThat(BatchAdvantages.perToken(s, false)[0]).containsExactly(1.0, 0.5, -1.0);
    }

    @Test
    void badPerTokenAdvantagesAreRejected() {
        TrainSample row = onPolicy(1.0, "1+2=").get(0);
        try (Learner l =
                new Learner(policy, PolicyLosses.create("ppo-clip"), OptimizerConfig.defaults())) {
            assertThatThrownBy(() -> l.step(MicroBatch.of("b", List.of(withTokens(row, 1f, 2f)))))
                    .hasMessageContaining("3 response tokens but 2 per-token advantages");
            assertThatThrownBy(
                            () ->
                                    l.step(
                                            MicroBatch.of(
                                                    "b",
                                                    List.of(withTokens(row, 1f, Float.NaN, 0f)))))
                    .hasMessageContaining("per-token advantage at response token 1 is NaN");
            assertThat(l.optimizer().stepCount()).isZero();
        }
    }
}
