package dev.rivulet.operators.loop;

import dev.rivulet.protocol.GenerationRequest;
import java.util.List;

/**
 * One generation call of a shard that has been sent and not yet scored; snapshotted so a restore
 * re-issues exactly the same requests (ids and seeds come from keyed state).
 *
 * @param callId the shard-local call number
 * @param step the loop step that issued it
 * @param requests one request per selected prompt
 * @param prior true for a prior call: it measures new prompts' priors (SPO's N_init samples), its
 *     rollouts are counted in telemetry but never sent to the learner
 */
public record InflightCall(
        long callId, long step, List<GenerationRequest> requests, boolean prior) {

    public InflightCall {
        requests = List.copyOf(requests);
    }

    /** A training call (not a prior call). */
    public InflightCall(long callId, long step, List<GenerationRequest> requests) {
        this(callId, step, requests, false);
    }

    /** The samples this call asks for. */
    long samples() {
        long n = 0;
        for (GenerationRequest r : requests) {
            n += r.numSamples();
        }
        return n;
    }
}
