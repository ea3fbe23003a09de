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
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
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

/**
 * Rewind: a retained checkpoint (a savepoint's version) survives later commits, and rolling back to
 * it below the committed version restores its weights and its ledger, archive included.
 */
class RewindTest {

    private static final HfTokenizer TOK = CharVocabulary.tokenizer();
    @TempDir Path root;
    private TransformerPolicy policy;
    private Learner learner;
    private int counter;

    @BeforeEach
    void setUp() {
        policy = TransformerPolicy.create(PolicyConfig.tiny(TOK.vocabSize()), 5);
        learner =
                new Learner(
                        policy,
                        PolicyLosses.create("ppo-clip"),
                        OptimizerConfig.defaults().withLearningRate(1e-3));
    }

    @AfterEach
    void tearDown() {
        learner.close();
        policy.close();
    }

    private MicroBatch batch() {
        List<DecodeRequest> reqs = new ArrayList<>();
        for (String p : new String[] {"1+2=", "30-4="}) {
            reqs.add(new DecodeRequest(TOK.encodePrompt(p), counter * 7L + reqs.size()));
        }
        List<Sample> samples =
                new Generator(policy, TOK.padId())
                        .generate(reqs, SamplingParams.sample(4, TOK.eosId()));
        List<TrainSample> out = new ArrayList<>();
        double adv = 1.0;
        for (Sample s : samples) {
            out.add(
                    new TrainSample(
                            "r" + counter++, s.promptTokens(), s.tokens(), s.logprobs(), adv));
            adv = -adv;
        }
        return MicroBatch.of("b" + counter, out);
    }

    private List<String> ledgerIds(PolicyStore store) throws Exception {
        List<String> ids = new ArrayList<>();
        store.forEachLedgerEntry(e -> ids.add(e.rolloutId()));
        return ids;
    }

    @Test
    void aRetainedVersionSurvivesLaterCommitsAndARewindRestoresItsWeightsAndLedger()
            throws Exception {
        // a ledger window of 1 version: commits archive rows, so the rewind must cut the archive
        PolicyStore store = new PolicyStore(learner, 1, new CheckpointDirectory(root, 2));
        for (int v = 1; v <= 3; v++) {
            store.train(batch());
            store.commit(v);
        }
        store.retain(3); // the savepoint's version
        String digestAt3 = store.memoryDigest(3);
        List<String> ledgerAt3 = ledgerIds(store);
        String lineageAt3 = store.versions().lineage();
        for (int v = 4; v <= 6; v++) {
            store.train(batch());
            store.commit(v);
        }
        CheckpointDirectory dir = new CheckpointDirectory(root, 2);
        // without the retain, commit(6) would have deleted ckpt-3
        assertThat(dir.versions().keySet()).containsExactly(3L, 6L);
        assertThat(ledgerIds(store)).hasSize(ledgerAt3.size() + 6);

        assertThat(store.rollback(3)).as("read from its checkpoint").isTrue();

        assertThat(store.version()).isEqualTo(3);
        assertThat(store.committedVersion()).isEqualTo(3);
        assertThat(store.memoryDigest(3)).isEqualTo(digestAt3);
        assertThat(store.durableDigest(3)).isEqualTo(digestAt3);
        assertThat(ledgerIds(store)).containsExactlyElementsOf(ledgerAt3);
        assertThat(store.versions().lineage()).isNotEqualTo(lineageAt3);
        assertThat(Files.readString(root.resolve(CheckpointDirectory.LATEST)))
                .startsWith("ckpt-000000000003");
        assertThat(dir.versions().keySet()).containsExactly(3L);

        // training goes on from the rewound version, and a restart restores it
        store.train(batch());
        store.commit(4);
        try (TransformerPolicy p2 = TransformerPolicy.create(policy.config(), 9);
                Learner l2 =
                        new Learner(
                                p2,
                                PolicyLosses.create("ppo-clip"),
                                OptimizerConfig.defaults().withLearningRate(1e-3))) {
            PolicyStore restarted = new PolicyStore(l2, 1, new CheckpointDirectory(root, 2));
            restarted.restore();
            assertThat(restarted.version()).isEqualTo(4);
            assertThat(ledgerIds(restarted)).hasSize(ledgerAt3.size() + 2);
            assertThat(ledgerIds(restarted)).startsWith(ledgerAt3.toArray(new String[0]));
        }
    }

    @Test
    void anUnretainedOlderVersionCannotBeRewoundToAndTheRetentionKeepsTheNewest() throws Exception {
        PolicyStore store = new PolicyStore(learner, 4, new CheckpointDirectory(root, 2));
        for (int v = 1; v <= 5; v++) {
            store.train(batch());
            store.commit(v);
            store.retain(v);
        }
        // at most two retained: 4 and 5; 1..3 were let go and deleted
        assertThat(new CheckpointDirectory(root, 2).retained()).containsExactly(4L, 5L);
        assertThat(new CheckpointDirectory(root, 2).versions().keySet()).containsExactly(4L, 5L);
        assertThatThrownBy(() -> store.rollback(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retained [4, 5]");
        assertThatThrownBy(() -> new PolicyStore(learner).retain(0))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
