package dev.rivulet.server.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.TokenScores;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batched generation: cache equals recompute, seeds, stop tokens, bounds and log-probs. */
class GeneratorTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    private static TransformerPolicy policy;
    private static Generator generator;

    @BeforeAll
    static void setUp() {
        policy = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 7);
        generator = new Generator(policy, TOK.padId());
    }

    @AfterAll
    static void tearDown() {
        policy.close();
    }

    private static List<DecodeRequest> requests(String... prompts) {
        List<DecodeRequest> out = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            out.add(new DecodeRequest(TOK.encodePrompt(prompts[i]), 100 + i));
        }
        return out;
    }

    @Test
    void cachedEqualsRecompute() {
        List<DecodeRequest> reqs = requests("1+2=", "12+345=", "7", "99*9=", "(3)");
        SamplingParams p = new SamplingParams(1.0, 1.0, 9, new int[] {TOK.eosId(), TOK.idOf("5")});
        List<Sample> cached = generator.generate(reqs, p, DecodeMode.CACHED);
        List<Sample> full = generator.generate(reqs, p, DecodeMode.RECOMPUTE);
        for (int i = 0; i < reqs.size(); i++) {
            assertThat(cached.get(i).tokens()).isEqualTo(full.get(i).tokens());
            assertThat(cached.get(i).stopReason()).isEqualTo(full.get(i).stopReason());
            float[] a = cached.get(i).logprobs();
            float[] b = full.get(i).logprobs();
            for (int t = 0; t < a.length; t++) {
                assertThat(a[t]).isCloseTo(b[t], within(1e-4f));
            }
        }
    }

    @Test
    void seededSamplingIsDeterministicAndIndependentOfBatch() {
        SamplingParams p = new SamplingParams(1.0, 0.9, 10, new int[] {TOK.eosId()});
        List<Sample> first = generator.generate(requests("1+2=", "12+345=", "3*3="), p);
        List<Sample> again = generator.generate(requests("1+2=", "12+345=", "3*3="), p);
        for (int i = 0; i < 3; i++) {
            assertThat(again.get(i).tokens()).isEqualTo(first.get(i).tokens());
        }
        DecodeRequest alone = new DecodeRequest(TOK.encodePrompt("12+345="), 101);
        DecodeRequest other = new DecodeRequest(TOK.encodePrompt("8-1="), 5);
        List<Sample> mixed = generator.generate(List.of(other, alone), p);
        assertThat(mixed.get(1).tokens()).isEqualTo(first.get(1).tokens());
        List<Sample> reseeded =
                generator.generate(List.of(new DecodeRequest(TOK.encodePrompt("12+345="), 999)), p);
        assertThat(reseeded.get(0).promptTokens()).isEqualTo(first.get(1).promptTokens());
    }

    @Test
    void logprobsMatchTeacherForcedScores() {
        List<Sample> samples =
                generator.generate(
                        requests("1+2=", "12+345=", "7"), SamplingParams.sample(8, TOK.eosId()));
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (Sample s : samples) {
            prompts.add(s.promptTokens());
            responses.add(s.tokens());
        }
        SequenceBatch batch = SequenceBatch.of(prompts, responses, TOK.padId());
        try (NDManager m = Engines.newManager()) {
            TokenScores scores = policy.score(m, batch);
            float[] logp = scores.logp().toFloatArray();
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                for (int t = 0; t < s.tokens().length; t++) {
                    float scored = logp[i * batch.width() + batch.responseStart(i) + t];
                    assertThat(s.logprobs()[t]).isCloseTo(scored, within(1e-4f));
                }
            }
        }
    }

    @Test
    void completionsCarryOneEntropyPerTokenEqualToTheScorersAtTemperatureOne() {
        for (SamplingParams p :
                new SamplingParams[] {
                    SamplingParams.sample(8, TOK.eosId()), SamplingParams.greedy(8, TOK.eosId())
                }) {
            List<Sample> samples = generator.generate(requests("1+2=", "12+345=", "7"), p);
            List<int[]> prompts = new ArrayList<>();
            List<int[]> responses = new ArrayList<>();
            for (Sample s : samples) {
                prompts.add(s.promptTokens());
                responses.add(s.tokens());
            }
            SequenceBatch batch = SequenceBatch.of(prompts, responses, TOK.padId());
            try (NDManager m = Engines.newManager()) {
                float[] entropy = policy.score(m, batch).entropy().toFloatArray();
                for (int i = 0; i < samples.size(); i++) {
                    Sample s = samples.get(i);
                    assertThat(s.entropies()).hasSameSizeAs(s.tokens());
                    for (int t = 0; t < s.tokens().length; t++) {
                        float scored = entropy[i * batch.width() + batch.responseStart(i) + t];
                        assertThat(s.entropies()[t]).isCloseTo(scored, within(1e-4f));
                        assertThat(s.entropies()[t])
                                .isBetween(0f, (float) Math.log(TOK.vocabSize()) + 1e-5f);
                    }
                }
            }
        }
        // top-p and a lower temperature narrow the distribution: every entropy is lower
        List<Sample> plain =
                generator.generate(requests("1+2="), new SamplingParams(1.0, 1.0, 6, null));
        List<Sample> narrow =
                generator.generate(requests("1+2="), new SamplingParams(0.5, 0.8, 6, null));
        assertThat(narrow.get(0).entropies()[0]).isLessThan(plain.get(0).entropies()[0]);
    }

    @Test
    void stopsAtStopTokenAndRespectsLimits() {
        int stop = TOK.idOf("=");
        SamplingParams greedy = new SamplingParams(0.0, 1.0, 4, new int[] {TOK.eosId()});
        List<Sample> g = generator.generate(requests("1+2="), greedy);
        assertThat(g.get(0).tokens().length).isLessThanOrEqualTo(4);
        if (g.get(0).stopReason() == StopReason.LENGTH) {
            assertThat(g.get(0).tokens()).hasSize(4);
        }
        int first = g.get(0).tokens()[0];
        SamplingParams stopAtFirst = new SamplingParams(0.0, 1.0, 4, new int[] {first, stop});
        Sample s = generator.generate(requests("1+2="), stopAtFirst).get(0);
        assertThat(s.tokens()).containsExactly(first);
        assertThat(s.stopReason()).isEqualTo(StopReason.STOP);
        // context 16: a 15-token prompt leaves room for one token
        Sample edge = generator.generate(requests("12345678901234"), greedy).get(0);
        assertThat(edge.tokens()).hasSize(1);
        Sample full = generator.generate(requests("123456789012345"), greedy).get(0);
        assertThat(full.tokens()).isEmpty();
        assertThat(full.stopReason()).isEqualTo(StopReason.LENGTH);
    }

    @Test
    void rejectsBadPrompts() {
        SamplingParams p = SamplingParams.greedy(2, TOK.eosId());
        assertThatThrownBy(() -> generator.generate(requests("1234567890123456"), p))
                .hasMessageContaining("context is 16");
        assertThatThrownBy(
                        () ->
                                generator.generate(
                                        List.of(new DecodeRequest(new int[] {1, 500}, 1)), p))
                .hasMessageContaining("token id 500 outside vocabulary");
    }
}
