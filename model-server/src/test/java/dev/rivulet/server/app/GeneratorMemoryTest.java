package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.server.service.ModelFootprint;
import dev.rivulet.server.testing.TrainRows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --role generator} builds no learner state (no optimizer moments, no snapshots),
 * {@code --role learner} and {@code both} keep theirs, and the generator still generates and scores
 * on weights pulled from the learner.
 */
class GeneratorMemoryTest {

    private static List<Completion> generate(ModelServer server, String id) {
        List<Completion> out = new ArrayList<>();
        server.service()
                .generate(
                        List.of(new GenerationRequest(id, "p", "12+34=", 2, 1f, 1f, 4, 3, false)),
                        out::add);
        return out;
    }

    @Test
    void onlyTheGeneratorGoesWithoutLearnerStateAndStillServesPulledWeights() throws Exception {
        try (ModelServer both =
                        ModelServer.start(
                                ModelServerConfig.local(RoleTestServers.tiny(7))
                                        .withMetricsPort(-1));
                ModelServer learner =
                        RoleTestServers.start(
                                7, new ServerRole(ServerRole.Kind.LEARNER, null, 0, 1, null));
                ModelServer generator = RoleTestServers.generator(99, learner.port(), 0)) {
            for (ModelServer full : List.of(both, learner)) {
                ModelFootprint f = full.policyService().footprint();
                assertThat(f.optimizerBytes()).isEqualTo(2 * f.parameterBytes());
                assertThat(f.snapshotBytes()).isEqualTo(3 * f.parameterBytes());
            }
            ModelFootprint g = generator.policyService().footprint();
            assertThat(g.parameterBytes())
                    .isEqualTo(learner.policyService().footprint().parameterBytes());
            assertThat(g.optimizerBytes()).isZero();
            assertThat(g.learnerStateBytes()).isZero();

            List<Completion> trained = generate(learner, "b1");
            learner.service().train(new TrainBatch("b1", TrainRows.of("b1-", trained), false));
            List<Completion> out = generate(generator, "g1");
            assertThat(out).isNotEmpty().allSatisfy(c -> assertThat(c.policyVersion()).isOne());
            assertThat(generator.service().digest(1).memory())
                    .isEqualTo(learner.service().digest(1).memory());
            Completion c = out.get(0);
            ScoreRequest probe = new ScoreRequest("s", c.promptTokens(), c.tokens());
            ScoreResult mine = generator.service().score(List.of(probe)).get(0);
            ScoreResult theirs = learner.service().score(List.of(probe)).get(0);
            assertThat(mine.policyVersion()).isOne();
            assertThat(mine.logprobs()).isEqualTo(theirs.logprobs());
        }
    }
}
