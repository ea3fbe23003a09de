package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.server.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hinted generation on the real generation path (the Hub-layout Qwen3 reference with its chat
 * template): the trained prompt tokens are the plain prompt while the behaviour log-probs come from
 * the hinted context. The log-probs are checked against the server's own rescoring of the response
 * under both contexts, so the test fails if the server reported the hinted prompt as the one to
 * train on, or returned log-probs of the plain context.
 */
class HintedGenerationTest {

    private static final String PROMPT = "What is 17 + 25?";
    private static final float TOL = 2e-3f;

    private static DjlPolicyService service;
    private static HfTokenizer tokenizer;

    @BeforeAll
    static void open() throws Exception {
        Path fixture = Path.of(HintedGenerationTest.class.getResource("/hf-tiny-qwen3").toURI());
        service = DjlPolicyService.open(ServiceConfig.defaults().withModelDir(fixture));
        tokenizer = HfTokenizer.load(fixture);
    }

    @AfterAll
    static void close() {
        service.close();
    }

    private static GenerationRequest chat(String id, String prompt, Hint hint) {
        return new GenerationRequest(id, "p", prompt, 3, 1f, 1f, 6, 42, false)
                .withTemplate(GenerationRequest.CHAT, "")
                .withHint(hint);
    }

    private static List<Completion> generate(GenerationRequest r) {
        List<Completion> out = new ArrayList<>();
        service.generate(List.of(r), out::add);
        return out;
    }

    /** The plain prompt's ids as the server encodes an un-hinted request of {@code text}. */
    private static int[] promptIds(String text) {
        return generate(chat("ids-" + text.hashCode(), text, Hint.NONE)).get(0).promptTokens();
    }

    private static float[] rescored(int[] context, int[] response) {
        return service.score(List.of(new ScoreRequest("s", context, response))).get(0).logprobs();
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static void assertTrainsPlainWithHintedLogprobs(
            List<Completion> hinted, int[] plain, int[] context) {
        assertThat(context.length).isGreaterThan(plain.length);
        assertThat(hinted).hasSize(3);
        float plainGap = 0;
        for (Completion c : hinted) {
            // the prompt to train on is the plain prompt, never the hinted context
            assertThat(c.promptTokens()).containsExactly(plain);
            assertThat(c.tokens()).isNotEmpty();
            // the behaviour log-probs are those of the hinted context ...
            float[] underHint = rescored(context, c.tokens());
            assertThat(maxAbsDiff(c.logprobs(), underHint))
                    .as("behaviour log-probs vs rescoring under the hinted context")
                    .isLessThan(TOL);
            plainGap = Math.max(plainGap, maxAbsDiff(c.logprobs(), rescored(plain, c.tokens())));
        }
        // ... and not those of the plain prompt
        assertThat(plainGap)
                .as("behaviour log-probs vs rescoring under the plain prompt")
                .isGreaterThan(50 * TOL);
    }

    @Test
    void inContextHintTrainsThePlainPromptWithLogprobsOfTheHintedContext() {
        String hint = "Hint: 17 + 25 = 17 + 20 + 5 = 42.";
        int[] plain = promptIds(PROMPT);
        int[] context = promptIds(hint + "\n\n" + PROMPT);
        List<Completion> hinted = generate(chat("h", PROMPT, Hint.inContext(hint, 2)));
        assertTrainsPlainWithHintedLogprobs(hinted, plain, context);
    }

    @Test
    void answerPrefixIsContextNotResponseAndTheResponseTrainsAfterIt() {
        String prefix = "The answer is 4";
        int[] plain = promptIds(PROMPT);
        int[] prefixIds = tokenizer.encode(prefix, false);
        int[] context = Arrays.copyOf(plain, plain.length + prefixIds.length);
        System.arraycopy(prefixIds, 0, context, plain.length, prefixIds.length);
        List<Completion> hinted = generate(chat("a", PROMPT, Hint.answerPrefix(prefix, 1)));
        assertThat(hinted).hasSize(3);
        for (Completion c : hinted) {
            // the response is only what the policy wrote after the prefix ...
            assertThat(c.text()).isEqualTo(tokenizer.decode(c.tokens()));
            assertThat(c.tokens().length).isLessThanOrEqualTo(6);
            // ... and it trains after the prefix: the prefix is prompt, never response, so the
            // tail is not taught as the whole answer to the plain prompt
            assertThat(c.promptTokens()).containsExactly(context);
            assertThat(maxAbsDiff(c.logprobs(), rescored(context, c.tokens())))
                    .as("behaviour log-probs vs rescoring under plain prompt + prefix")
                    .isLessThan(TOL);
        }
    }

    @Test
    void aPlainRequestIsUnchangedAndTheHintCountsTowardsTheContextLimit() {
        GenerationRequest plain = chat("p", PROMPT, Hint.NONE);
        List<Completion> c = generate(plain);
        assertThat(
                        maxAbsDiff(
                                c.get(0).logprobs(),
                                rescored(c.get(0).promptTokens(), c.get(0).tokens())))
                .isLessThan(TOL);
        List<Admission> a =
                service.admit(
                        List.of(
                                plain.withHint(Hint.inContext("1 ".repeat(3000), 1)),
                                plain.withHint(Hint.answerPrefix("42", 1))));
        assertThat(a.get(0).refusal())
                .startsWith("too long: ")
                .contains(" hinted prompt tokens + ");
        assertThat(a.get(1).refusal()).isNull();
    }
}
