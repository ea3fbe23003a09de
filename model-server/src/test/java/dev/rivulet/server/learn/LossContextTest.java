package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.loss.LossContext;
import dev.rivulet.server.loss.LossInput;
import dev.rivulet.server.loss.LossNeed;
import dev.rivulet.server.loss.LossOptions;
import dev.rivulet.server.loss.LossResult;
import dev.rivulet.server.loss.PolicyLoss;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.loss.TokenAggregation;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The learner hands a loss the row context it asks for: groups whole, step, reference, logits. */
class LossContextTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();

    /** ppo-clip that records what it was given. */
    private static final class Recording implements PolicyLoss {
        final PolicyLoss inner = PolicyLosses.create("ppo-clip");
        final Set<LossNeed> needs;
        final List<String> seen = new ArrayList<>();

        Recording(Set<LossNeed> needs) {
            this.needs = needs;
        }

        @Override
        public Set<LossNeed> needs() {
            return needs;
        }

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public LossOptions options() {
            return inner.options();
        }

        @Override
        public TokenAggregation aggregation() {
            return inner.aggregation();
        }

        @Override
        public LossResult compute(LossInput in) {
            LossContext c = in.context();
            StringBuilder b = new StringBuilder("step" + c.step() + ":");
            for (int r = 0; r < c.groups().length; r++) {
                b.append(c.groups()[r]);
                // the response tokens sit where responseStart says: the taken-token log-probs
                // there are those of the context's token ids (checked through the reference,
                // which equals the policy before the first update)
                assertThat(c.responseTokens()[r]).isNotEmpty();
            }
            if (c.refLogp() != null) {
                b.append(":ref");
                if (c.step() == 0) {
                    NDArray diff = c.refLogp().sub(in.logp()).abs().mul(in.valid());
                    assertThat(diff.max().getDouble()).isLessThan(1e-5);
                }
            }
            if (c.logProbs() != null) {
                b.append(":dist").append(c.logProbs().getShape().get(2));
            }
            seen.add(b.toString());
            return inner.compute(in);
        }
    }

    private static List<TrainSample> batch(TransformerPolicy policy, String... groups) {
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < groups.length; i++) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(i + "+1="), 5 + i));
        }
        List<Sample> s =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(5, TOK.eosId()));
        List<TrainSample> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(
                    new TrainSample(
                            "r" + i,
                            s.get(i).promptTokens(),
                            s.get(i).tokens(),
                            s.get(i).logprobs(),
                            i % 2 == 0 ? 1 : -1,
                            new float[0],
                            groups[i]));
        }
        return out;
    }

    @Test
    void aGroupLossSeesWholeGroupsTheStepTheReferenceAndTheDistribution() {
        try (TransformerPolicy policy =
                TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 3)) {
            Recording loss =
                    new Recording(
                            Set.of(LossNeed.GROUPS, LossNeed.REFERENCE, LossNeed.DISTRIBUTION));
            try (Learner learner = new Learner(policy, loss, OptimizerConfig.defaults(), 1)) {
                assertThat(learner.hasReference()).isTrue();
                List<TrainSample> rows = batch(policy, "a", "b", "a", "b", "");
                learner.step(MicroBatch.of("b0", rows));
                learner.step(MicroBatch.of("b1", rows));
            }
            int v = TOK.vocabSize();
            // one row per pass is the budget, but a group is never split: a+a, b+b, then the
            // loose row; group indices restart in each pass
            assertThat(loss.seen)
                    .containsExactly(
                            "step0:00:ref:dist" + v,
                            "step0:00:ref:dist" + v,
                            "step0:0:ref:dist" + v,
                            "step1:00:ref:dist" + v,
                            "step1:00:ref:dist" + v,
                            "step1:0:ref:dist" + v);
        }
    }

    @Test
    void aLossOverTheWholeDistributionScoresAThirdOfTheRowsPerPass() {
        try (TransformerPolicy policy =
                TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 3)) {
            long budget = 9L * 10 * TOK.vocabSize(); // nine rows of width 10
            try (Learner plain =
                            new Learner(
                                    policy,
                                    new Recording(Set.of()),
                                    OptimizerConfig.defaults(),
                                    budget);
                    Learner dist =
                            new Learner(
                                    policy,
                                    new Recording(Set.of(LossNeed.DISTRIBUTION)),
                                    OptimizerConfig.defaults(),
                                    budget)) {
                assertThat(plain.rowsPerChunk(10)).isEqualTo(9);
                assertThat(dist.rowsPerChunk(10)).isEqualTo(3);
            }
        }
    }

    @Test
    void aLossThatAsksForNothingGetsNoReferenceAndRowChunksByTheBudget() {
        try (TransformerPolicy policy =
                TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 3)) {
            Recording loss = new Recording(Set.of());
            try (Learner learner = new Learner(policy, loss, OptimizerConfig.defaults(), 1)) {
                assertThat(learner.hasReference()).isFalse();
                learner.step(MicroBatch.of("b0", batch(policy, "a", "a", "b")));
            }
            assertThat(loss.seen).containsExactly("step0:0", "step0:0", "step0:0");
        }
    }
}
