package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.learn.OptimizerState;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions, commit/rollback to bit-identical state, the ledger, and checkpoint/restore. */
class PolicyStoreTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    private TransformerPolicy policy;
    private Learner learner;
    private PolicyStore store;
    private int rolloutCounter;

    @BeforeEach
    void setUp() {
        policy = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 5);
        learner = newLearner(policy);
        store = new PolicyStore(learner);
    }

    private static Learner newLearner(TransformerPolicy p) {
        return new Learner(
                p,
                PolicyLosses.create("ppo-clip"),
                OptimizerConfig.defaults().withLearningRate(1e-3));
    }

    @AfterEach
    void tearDown() {
        learner.close();
        policy.close();
    }

    private MicroBatch batch(String id) {
        List<DecodeRequest> reqs = new ArrayList<>();
        for (String p : new String[] {"1+2=", "30-4=", "5*6="}) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(p), rolloutCounter * 7L + reqs.size()));
        }
        List<Sample> samples =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(5, TOK.eosId()));
        List<TrainSample> out = new ArrayList<>();
        double adv = 1.0;
        for (Sample s : samples) {
            out.add(
                    new TrainSample(
                            "r" + rolloutCounter++,
                            s.promptTokens(),
                            s.tokens(),
                            s.logprobs(),
                            adv));
            adv = -adv;
        }
        return MicroBatch.of(id, out);
    }

    /** A store over the checkpoint root {@code root}, at version 0 of {@code l}. */
    private static PolicyStore storeOn(Learner l, Path root) {
        return new PolicyStore(l, PolicyStore.DEFAULT_LEDGER_WINDOW, new CheckpointDirectory(root));
    }

    @Test
    void commitAndRollbackRestoreBitIdenticalState() throws Exception {
        assertThat(store.train(batch("b1")).version()).isEqualTo(1);
        assertThat(store.train(batch("b2")).version()).isEqualTo(2);
        float[][] weightsV2 = policy.exportParameters();
        OptimizerState optV2 = learner.optimizer().exportState();
        MicroBatch third = batch("b3");
        assertThat(store.train(third).version()).isEqualTo(3);
        assertThat(policy.exportParameters()).isNotEqualTo(weightsV2);
        store.commit(1);
        assertThat(store.heldVersions()).containsExactly(1L, 2L, 3L);

        store.rollback(2);
        assertThat(store.version()).isEqualTo(2);
        assertThat(store.heldVersions()).containsExactly(1L, 2L);
        assertThat(policy.exportParameters()).isDeepEqualTo(weightsV2);
        OptimizerState restored = learner.optimizer().exportState();
        assertThat(restored.step()).isEqualTo(optV2.step());
        assertThat(restored.firstMoment()).isDeepEqualTo(optV2.firstMoment());
        assertThat(restored.secondMoment()).isDeepEqualTo(optV2.secondMoment());
        assertThat(store.ledger().batchVersion("b3")).isEmpty();
        assertThat(store.ledger().entry(third.samples().get(0).rolloutId())).isEmpty();
        assertThat(store.ledger().size()).isEqualTo(6);

        // the dropped batch can be trained again after the rollback, producing version 3 anew
        assertThat(store.train(third).version()).isEqualTo(3);
        assertThatThrownBy(() -> store.rollback(0))
                .hasMessageContaining("held versions are [1, 2, 3]");
        store.commit(3);
        store.commit(2); // a repeated older commit is ignored
        assertThat(store.heldVersions()).containsExactly(3L);
    }

    @Test
    void duplicateBatchAndRetrainedRolloutAreRefused() {
        MicroBatch b = batch("b1");
        StepOutcome first = store.train(b);
        float[][] w = policy.exportParameters();
        StepOutcome again = store.train(b);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.version()).isEqualTo(1);
        assertThat(again.stats()).as("the original outcome's numbers").isEqualTo(first.stats());
        assertThat(store.duplicates().earlier("b1")).contains(again);
        assertThat(store.duplicates().earlier("b2")).isEmpty();
        assertThat(policy.exportParameters()).isDeepEqualTo(w);
        MicroBatch reused = MicroBatch.of("b2", b.samples());
        assertThatThrownBy(() -> store.train(reused))
                .hasMessageContaining("was already trained in batch b1");
        MicroBatch twice = batch("b3");
        MicroBatch repeated =
                MicroBatch.of("b3", List.of(twice.samples().get(0), twice.samples().get(0)));
        assertThatThrownBy(() -> store.train(repeated))
                .hasMessageContaining("appears twice in batch b3");
        MicroBatch tabbed = MicroBatch.of("b\t4", twice.samples());
        assertThatThrownBy(() -> store.train(tabbed)).hasMessageContaining("without tabs");
        assertThat(store.version()).isEqualTo(1);
        assertThat(policy.exportParameters()).isDeepEqualTo(w);
        assertThatThrownBy(() -> store.commit(5)).hasMessageContaining("cannot commit version 5");
    }

    @Test
    void checkpointThenRestoreGivesIdenticalGreedyOutputs(@TempDir Path root) throws Exception {
        store = storeOn(learner, root);
        Path snapshots = root.resolve(CheckpointDirectory.SNAPSHOTS);
        store.train(batch("b1"));
        store.train(batch("b2"));
        Path dir = store.checkpoint();
        assertThat(dir.getParent()).isEqualTo(snapshots);
        assertThat(Files.readString(snapshots.resolve(CheckpointDirectory.LATEST)).trim())
                .isEqualTo(dir.getFileName().toString());
        // the checkpoint is a Hub-layout model directory other tools can load
        assertThat(dir.resolve("config.json")).isRegularFile();
        assertThat(dir.resolve("model.safetensors")).isRegularFile();
        assertThat(dir.resolve("optimizer.safetensors")).isRegularFile();
        try (TransformerPolicy hub = ModelDir.loadPolicy(dir)) {
            assertThat(hub.exportParameters()).isDeepEqualTo(policy.exportParameters());
        }
        store.train(batch("b3")); // after the checkpoint: must not survive a restore
        store.rollback(2);
        List<DecodeRequest> prompts =
                List.of(
                        new DecodeRequest(TOK.encodePrompt("12+7="), 1),
                        new DecodeRequest(TOK.encodePrompt("9"), 2));
        List<Sample> expected =
                new Generator(policy, TOK.padId())
                        .generate(prompts, SamplingParams.greedy(8, TOK.eosId()));
        OptimizerState opt = learner.optimizer().exportState();

        try (TransformerPolicy fresh =
                        TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 99);
                Learner freshLearner = newLearner(fresh)) {
            PolicyStore restored = storeOn(freshLearner, snapshots);
            restored.restore();
            assertThat(restored.version()).isEqualTo(2);
            assertThat(restored.committedVersion()).isEqualTo(2);
            assertThat(restored.ledger().entries()).isEqualTo(store.ledger().entries());
            assertThat(fresh.exportParameters()).isDeepEqualTo(policy.exportParameters());
            assertThat(freshLearner.optimizer().exportState().secondMoment())
                    .isDeepEqualTo(opt.secondMoment());
            List<Sample> actual =
                    new Generator(fresh, TOK.padId())
                            .generate(prompts, SamplingParams.greedy(8, TOK.eosId()));
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(actual.get(i).tokens()).isEqualTo(expected.get(i).tokens());
                assertThat(actual.get(i).logprobs()).isEqualTo(expected.get(i).logprobs());
            }
        }
        // a second checkpoint keeps the directory layout valid and the newest two
        store.checkpoint();
        store.checkpoint();
        try (var list = Files.list(snapshots)) {
            assertThat(list.filter(p -> p.getFileName().toString().startsWith("ckpt-")).count())
                    .isEqualTo(2);
        }
    }

    @Test
    void preparedVersionSurvivesARestartAndCanBeRolledBackTo(@TempDir Path root) throws Exception {
        store = storeOn(learner, root);
        CheckpointDirectory dir = new CheckpointDirectory(root);
        store.train(batch("b1"));
        store.commit(1);
        store.train(batch("b2"));
        store.train(batch("b3"));
        store.prepare(3); // Flink checkpoint n holds version 3; commit(3) never arrives
        assertThat(store.prepare(3)).contains(root.resolve("ckpt-000000000003"));
        float[][] weightsV3 = policy.exportParameters();
        String digestV3 = store.memoryDigest(3);
        assertThat(store.durableDigest(3)).isEqualTo(digestV3);
        var entriesV3 = store.ledger().entries();
        store.train(batch("b4")); // after the checkpoint
        store.prepare(4); // a checkpoint that never completes

        try (TransformerPolicy fresh =
                        TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 99);
                Learner freshLearner = newLearner(fresh)) {
            PolicyStore restarted = storeOn(freshLearner, root);
            restarted.restore(); // a restart restores the committed version only
            assertThat(restarted.version()).isEqualTo(1);
            assertThat(restarted.committedVersion()).isEqualTo(1);
            assertThat(dir.versions().keySet()).containsExactly(1L, 3L, 4L);
            // the restored job rolls back to the version of checkpoint n
            assertThat(restarted.rollback(3)).as("read from its prepared checkpoint").isTrue();
            assertThat(restarted.version()).isEqualTo(3);
            assertThat(restarted.committedVersion()).isEqualTo(1);
            assertThat(fresh.exportParameters()).isDeepEqualTo(weightsV3);
            assertThat(restarted.memoryDigest(3)).isEqualTo(digestV3);
            assertThat(restarted.ledger().entries()).isEqualTo(entriesV3);
            assertThat(dir.versions().keySet()).containsExactly(1L, 3L);
            assertThatThrownBy(() -> restarted.rollback(0))
                    .hasMessageContaining("below committed version 1");
            restarted.commit(3);
            assertThat(dir.versions().keySet()).containsExactly(3L);
            assertThat(Files.readString(root.resolve(CheckpointDirectory.LATEST)).trim())
                    .isEqualTo("ckpt-000000000003");
        }
    }

    @Test
    void restoreWithoutCheckpointFails(@TempDir Path root) {
        assertThatThrownBy(() -> storeOn(learner, root).restore())
                .hasMessageContaining("no checkpoint in " + root);
        assertThatThrownBy(() -> store.restore()).hasMessageContaining("no checkpoint");
        assertThatThrownBy(() -> store.checkpoint())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("no checkpoint directory");
    }
}
