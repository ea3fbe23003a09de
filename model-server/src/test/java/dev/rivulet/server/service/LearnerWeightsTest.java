package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.server.model.ParamSpec;
import dev.rivulet.server.testing.TrainRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner ships the weights of any version it holds in memory or as a durable checkpoint,
 * fingerprinted exactly as {@code digest} reports them, and names a version it does not hold.
 */
class LearnerWeightsTest {

    static ServiceConfig tiny(long seed) {
        return ServiceConfig.defaults()
                .withModelSize("tiny")
                .withSeed(seed)
                .withLearningRate(1e-2)
                .withLimits(16, 8, 4);
    }

    static void trainOnce(DjlPolicyService s, String batchId) {
        List<Completion> out = new ArrayList<>();
        s.generate(
                List.of(
                        new GenerationRequest(
                                "r-" + batchId, "p", "12+34=", 2, 1f, 1f, 4, 3, false)),
                out::add);
        s.train(new TrainBatch(batchId, TrainRows.of(batchId + "-", out), false));
    }

    @Test
    void servesHeldAndDurableVersionsWithTheDigestItReports(@TempDir Path ckpt) {
        try (DjlPolicyService s = DjlPolicyService.open(tiny(7).withCheckpointDir(ckpt))) {
            trainOnce(s, "b1");
            s.retain(1); // durable and kept past later commits
            trainOnce(s, "b2");
            s.commit(2); // drops the snapshot of 1: it is served from its checkpoint
            trainOnce(s, "b3");
            assertThat(s.digest(1).memory()).isNull();
            PolicyWeights fromDisk = s.weights(1);
            assertThat(fromDisk.digest()).isEqualTo(s.digest(1).durable());
            assertThat(PolicyWeights.checksum(fromDisk.tensors())).isEqualTo(fromDisk.digest());
            for (long v = 2; v <= 3; v++) {
                PolicyWeights w = s.weights(v);
                assertThat(w.version()).isEqualTo(v);
                assertThat(w.digest()).isEqualTo(s.digest(v).memory());
                assertThat(PolicyWeights.checksum(w.tensors())).isEqualTo(w.digest());
                assertThat(w.lineage()).isEqualTo(s.version().lineage());
            }
            assertThat(s.weights(1).digest()).isNotEqualTo(s.weights(3).digest());
            List<ParamSpec> layout = ParamSpec.layout(s.policyConfig());
            List<String> names = s.weights(2).tensors().stream().map(t -> t.name()).toList();
            assertThat(names).isEqualTo(layout.stream().map(ParamSpec::name).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aVersionNotHeldIsRefusedNamingIt() throws Exception {
        try (DjlPolicyService s = DjlPolicyService.open(tiny(7))) {
            trainOnce(s, "b1");
            assertThatThrownBy(() -> s.weights(5))
                    .isInstanceOf(PolicyInvalidRequestException.class)
                    .hasMessageContaining("version 5 is not held")
                    .hasMessageContaining("current 1");
        }
    }
}
