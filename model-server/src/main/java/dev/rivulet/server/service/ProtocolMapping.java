package dev.rivulet.server.service;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightTensor;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.generate.StopReason;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.StepStats;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.model.ParamSpec;
import dev.rivulet.server.state.LedgerRecord;
import dev.rivulet.server.state.Snapshot;
import dev.rivulet.server.state.StepOutcome;
import dev.rivulet.server.state.VersionLifecycle;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where protocol records become the server's own types and back: generation rows to
 * decode requests and samples to completions, train batches to micro-batches and step outcomes to
 * train results, ledger records to ledger entries, the version lifecycle to a policy version, and
 * weight arrays to shipped weights.
 */
final class ProtocolMapping {

    private ProtocolMapping() {}

    /**
     * The weights of {@code version} as shipped to a generator: one tensor per parameter, named and
     * shaped by {@code layout} (the policy's order), with the fingerprint of {@code weights}.
     */
    static PolicyWeights weights(
            long version, String lineage, List<ParamSpec> layout, float[][] weights) {
        if (layout.size() != weights.length) {
            throw new IllegalStateException(
                    "layout has " + layout.size() + " tensors, weights " + weights.length);
        }
        List<WeightTensor> tensors = new ArrayList<>(weights.length);
        for (int i = 0; i < weights.length; i++) {
            tensors.add(new WeightTensor(layout.get(i).name(), layout.get(i).shape(), weights[i]));
        }
        return new PolicyWeights(version, lineage, Snapshot.digest(weights), tensors);
    }

    /** Sampling settings of a chunk of rows that share them (those of its first row). */
    static SamplingParams sampling(GenerationPlan.Row first, int[] eosIds) {
        return new SamplingParams(
                first.greedy() ? 0.0 : first.request().temperature(),
                first.request().topP(),
                first.request().maxNewTokens(),
                eosIds);
    }

    /**
     * One decode request per row: the tokens it generates from (the hinted context when the row has
     * a hint) and its seed.
     */
    static List<DecodeRequest> decodeRequests(List<GenerationPlan.Row> rows) {
        List<DecodeRequest> out = new ArrayList<>(rows.size());
        for (GenerationPlan.Row r : rows) {
            out.add(new DecodeRequest(r.contextTokens(), r.seed()));
        }
        return out;
    }

    /**
     * The completion of row {@code r}: sample {@code s}, decoded to {@code text}. Its prompt tokens
     * are {@link GenerationPlan.Row#trainedPromptTokens}: the plain prompt's when the row was
     * generated with an in-context hint (the learner trains the response on the plain prompt, and
     * the sample's log-probs, under the hinted context, are the behaviour policy's, so the
     * importance ratio corrects for the hint), the plain prompt and the prefix with an
     * answer-prefix hint.
     */
    static Completion completion(GenerationPlan.Row r, Sample s, String text, long version) {
        return new Completion(
                r.request().requestId(),
                r.request().promptId(),
                r.sampleIndex(),
                r.trainedPromptTokens(),
                s.tokens(),
                s.logprobs(),
                text,
                version,
                finishReason(s.stopReason()),
                s.entropies());
    }

    /** A stop token ends a completion with STOP; every other end is LENGTH. */
    static FinishReason finishReason(StopReason reason) {
        return reason == StopReason.STOP ? FinishReason.STOP : FinishReason.LENGTH;
    }

    /** The micro-batch of a train batch's rows (not yet validated). */
    static MicroBatch microBatch(TrainBatch batch) {
        List<TrainSample> samples = new ArrayList<>(batch.rows().size());
        for (ScoredRollout r : batch.rows()) {
            samples.add(
                    new TrainSample(
                            r.rolloutId(),
                            r.promptTokens(),
                            r.responseTokens(),
                            r.behaviourLogprobs(),
                            r.advantage(),
                            r.tokenAdvantages(),
                            r.groupId()));
        }
        return new MicroBatch(batch.batchId(), samples, batch.normalizeAdvantages());
    }

    /**
     * The train result of batch {@code batchId}; a duplicate whose statistics are no longer known
     * reports NaN statistics and zero counts.
     */
    static TrainResult trainResult(String batchId, StepOutcome o) {
        StepStats s = o.stats();
        if (s == null) {
            return new TrainResult(
                    batchId,
                    o.version(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    0,
                    o.duplicate());
        }
        return new TrainResult(
                batchId,
                o.version(),
                s.loss(),
                s.klBehaviour(),
                s.entropy(),
                s.clipFraction(),
                s.gradNorm(),
                Math.toIntExact(s.tokens()),
                s.samples(),
                o.duplicate());
    }

    /** A ledger record as the protocol's ledger entry. */
    static LedgerEntry ledgerEntry(LedgerRecord r) {
        return new LedgerEntry(r.rolloutId(), r.batchId(), r.version());
    }

    /** The current and committed version and the lineage. */
    static PolicyVersion policyVersion(VersionLifecycle v) {
        return new PolicyVersion(v.current(), v.committed(), v.lineage());
    }
}
