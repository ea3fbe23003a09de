package dev.rivulet.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.server.generate.DecodeMode;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generation on the real qwen3 reference checkpoint: the KV cache gives what recomputing gives, and
 * a left-padded batch of prompts of different lengths gives what each row gives alone.
 */
class HfGenerationTest {

    private static TransformerPolicy policy;
    private static Generator generator;
    private static List<DecodeRequest> requests;

    @BeforeAll
    static void load() throws Exception {
        HfFixture f = new HfFixture("hf-tiny-qwen3");
        policy = ModelDir.loadPolicy(f.dir);
        generator = new Generator(policy, 151643);
        requests = new ArrayList<>();
        for (int i = 0; i < f.pairs.size(); i++) {
            requests.add(new DecodeRequest(f.pairs.get(i).promptIds(), 40 + i));
        }
        requests.add(new DecodeRequest(new int[] {872}, 7));
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    @Test
    void cachedGenerationEqualsRecompute() {
        SamplingParams p = new SamplingParams(1.0, 1.0, 10, new int[] {151645});
        List<Sample> cached = generator.generate(requests, p, DecodeMode.CACHED);
        List<Sample> full = generator.generate(requests, p, DecodeMode.RECOMPUTE);
        for (int i = 0; i < requests.size(); i++) {
            assertSame(cached.get(i), full.get(i), "row " + i);
        }
    }

    @Test
    void leftPaddedBatchEqualsRowsOneByOne() {
        SamplingParams p = new SamplingParams(1.0, 1.0, 8, new int[0]);
        List<Sample> batch = generator.generate(requests, p, DecodeMode.CACHED);
        for (int i = 0; i < requests.size(); i++) {
            Sample alone =
                    generator.generate(List.of(requests.get(i)), p, DecodeMode.CACHED).get(0);
            assertSame(batch.get(i), alone, "row " + i);
        }
    }

    private static void assertSame(Sample a, Sample b, String what) {
        assertThat(a.tokens()).as(what).isEqualTo(b.tokens());
        assertThat(a.stopReason()).as(what).isEqualTo(b.stopReason());
        for (int t = 0; t < a.logprobs().length; t++) {
            assertThat(a.logprobs()[t])
                    .as(what + " token " + t)
                    .isCloseTo(b.logprobs()[t], within(1e-4f));
        }
    }
}
