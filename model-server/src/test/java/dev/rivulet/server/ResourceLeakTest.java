package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generation and learner steps leave no NDArray behind in any manager. */
class ResourceLeakTest {

    private static int liveArrays() {
        try (NDManager probe = Engines.newManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void stepsDoNotLeakArrays() {
        HfTokenizer tok = CharVocabulary.tokenizer();
        try (TransformerPolicy policy =
                        TransformerPolicy.create(PolicyConfig.tiny(tok.vocabSize()), 2);
                Learner learner =
                        new Learner(
                                policy,
                                PolicyLosses.create("ppo-clip"),
                                OptimizerConfig.defaults().withKlBeta(0.05))) {
            Generator gen = new Generator(policy, tok.padId());
            int before = -1;
            for (int round = 0; round < 3; round++) {
                List<DecodeRequest> reqs = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    reqs.add(
                            new DecodeRequest(
                                    tok.encodePrompt(i + "+" + round + "="), round * 100L + i));
                }
                List<Sample> samples =
                        gen.generate(
                                reqs,
                                new SamplingParams(
                                        1.0, 1.0, 6, new int[] {tok.eosId(), tok.idOf("1")}));
                List<TrainSample> batch = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    Sample s = samples.get(i);
                    batch.add(
                            new TrainSample(
                                    "r" + round + "-" + i,
                                    s.promptTokens(),
                                    s.tokens(),
                                    s.logprobs(),
                                    i % 2 == 0 ? 1 : -1));
                }
                learner.step(MicroBatch.of("b" + round, batch));
                if (before < 0) {
                    before = liveArrays();
                } else {
                    assertThat(liveArrays()).as("round %d", round).isEqualTo(before);
                }
            }
        }
    }
}
