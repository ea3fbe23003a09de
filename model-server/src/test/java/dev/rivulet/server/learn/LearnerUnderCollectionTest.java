package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The learner's nondeterministic NaN and too-large gradient norms (docs/reliability.md): the same
 * steps from the same weights must give the same loss and gradient norm while another thread keeps
 * collecting garbage and handing the freed native memory out again filled with NaN. Before {@code
 * Scalars} replaced DJL's array-with-number arithmetic, the numbers autograd kept for the backward
 * pass (the token-mean's divisor, RMSNorm's exponent, attention's scale) lived in buffers the
 * collector freed, and this test saw NaN or wrong norms within a few steps.
 */
class LearnerUnderCollectionTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();

    private static List<TrainSample> batch(TransformerPolicy policy) {
        List<DecodeRequest> reqs = new ArrayList<>();
        String[] prompts = {"1+2=", "34+5=", "6*7=", "8-9=", "123+4=", "5+5="};
        for (int i = 0; i < prompts.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(prompts[i]), 7 + i));
        }
        List<Sample> samples =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(8, TOK.eosId()));
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            out.add(
                    new TrainSample(
                            "r" + i,
                            s.promptTokens(),
                            s.tokens(),
                            s.logprobs(),
                            i % 2 == 0 ? 1.0 : -0.7));
        }
        return out;
    }

    /** Collects and reuses freed native memory, filled with NaN, until stopped. */
    private static Thread churn(AtomicBoolean stop) {
        Thread t =
                new Thread(
                        () -> {
                            while (!stop.get()) {
                                System.gc();
                                List<ByteBuffer> keep = new ArrayList<>();
                                for (int i = 0; i < 500; i++) {
                                    for (int bytes : new int[] {4, 8}) {
                                        ByteBuffer b =
                                                ByteBuffer.allocateDirect(bytes)
                                                        .order(ByteOrder.nativeOrder());
                                        if (bytes == 4) {
                                            b.putFloat(0, Float.NaN);
                                        } else {
                                            b.putDouble(0, Double.NaN);
                                        }
                                        keep.add(b);
                                    }
                                }
                            }
                        },
                        "collect-and-reuse");
        t.setDaemon(true);
        return t;
    }

    @Test
    void stepsAreTheSameWhileTheCollectorRunsAndMemoryIsReused() throws Exception {
        try (TransformerPolicy base =
                TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 5)) {
            List<TrainSample> batch = batch(base);
            int steps = 12;
            double[] quietLoss = new double[steps];
            double[] quietNorm = new double[steps];
            try (TransformerPolicy p = base.copy(false);
                    Learner quiet =
                            new Learner(
                                    p,
                                    PolicyLosses.create("ppo-clip"),
                                    OptimizerConfig.defaults().withLearningRate(1e-3))) {
                for (int s = 0; s < steps; s++) {
                    StepStats st = quiet.step(MicroBatch.of("q" + s, batch));
                    quietLoss[s] = st.loss();
                    quietNorm[s] = st.gradNorm();
                }
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread churn = churn(stop);
            churn.start();
            try (TransformerPolicy p = base.copy(false);
                    Learner busy =
                            new Learner(
                                    p,
                                    PolicyLosses.create("ppo-clip"),
                                    OptimizerConfig.defaults().withLearningRate(1e-3))) {
                for (int s = 0; s < steps; s++) {
                    StepStats st = busy.step(MicroBatch.of("b" + s, batch));
                    assertThat(st.loss())
                            .as("loss of step %d", s)
                            .isCloseTo(quietLoss[s], within(1e-6));
                    assertThat(st.gradNorm())
                            .as("gradient norm of step %d", s)
                            .isCloseTo(quietNorm[s], within(1e-4 * quietNorm[s]));
                }
            } finally {
                stop.set(true);
                churn.join();
            }
        }
    }
}
