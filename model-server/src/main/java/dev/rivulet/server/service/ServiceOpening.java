package dev.rivulet.server.service;

import ai.djl.Device;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.state.CheckpointDirectory;
import dev.rivulet.server.state.Durability;
import dev.rivulet.server.state.PolicyStore;
import dev.rivulet.server.text.ChatTemplate;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link DjlPolicyService}: picks the device, resolves the {@link StartingPoint}, loads
 * the tokenizer and the policy, and, unless it is generation-only, the {@link Learner} and the
 * {@link PolicyStore} (restoring the newest checkpoint); logs what the model holds; whatever was
 * built is closed again on failure.
 */
final class ServiceOpening {

    private static final Logger LOG = LoggerFactory.getLogger(DjlPolicyService.class);

    private ServiceOpening() {}

    /**
     * The service of {@code config}; with {@code learnerState} false, a frozen policy without
     * learner, optimizer, reference, snapshots, ledger or checkpoints.
     */
    static DjlPolicyService open(ServiceConfig config, boolean learnerState) throws IOException {
        Device d = DeviceSelection.apply(config.model().device());
        Durability durability =
                config.checkpointDir() == null
                        ? Durability.none()
                        : new CheckpointDirectory(
                                config.checkpointDir(), config.limits().retainedCheckpoints());
        StartingPoint start = StartingPoint.resolve(config, durability);
        HfTokenizer tokenizer = null;
        TransformerPolicy policy = null;
        Learner learner = null;
        try {
            tokenizer = HfTokenizer.load(start.textDir());
            start.checkVocabulary(tokenizer.vocabSize());
            PromptEncoder prompts =
                    new PromptEncoder(tokenizer, ChatTemplate.from(start.textDir()).orElse(null));
            policy = start.createPolicy(learnerState);
            PolicyStore store = null;
            if (learnerState) {
                learner =
                        new Learner(
                                policy,
                                PolicyLosses.create(
                                                config.training().loss(),
                                                config.training().lossOptions())
                                        .withTokenizer(tokenizer),
                                config.training().optimizer());
                store = new PolicyStore(learner, config.limits().ledgerWindow(), durability);
                store.copyModelFilesFrom(start.textDir());
                if (start.checkpoint() != null) {
                    store.restore();
                }
            }
            DjlPolicyService service =
                    new DjlPolicyService(
                            config, prompts, start, policy, learner, store, d.toString());
            ModelFootprint f = service.footprint();
            LOG.info(
                    "policy {} on {} from {}, {}: parameters {} bytes, learner state {} bytes"
                            + " (optimizer {}, reference {}, snapshots {})",
                    policy.config(),
                    d,
                    start.describe(),
                    learnerState ? "version " + store.version() : "generation only",
                    f.parameterBytes(),
                    f.learnerStateBytes(),
                    f.optimizerBytes(),
                    f.referenceBytes(),
                    f.snapshotBytes());
            return service;
        } catch (IOException | RuntimeException e) {
            if (learner != null) {
                learner.close();
            }
            if (policy != null) {
                policy.close();
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
            start.deleteScratch();
            throw e;
        }
    }
}
