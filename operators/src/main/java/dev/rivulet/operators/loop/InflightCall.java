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
 */
public record InflightCall(long callId, long step, List<GenerationRequest> requests) {

    public InflightCall {
        requests = List.copyOf(requests);
    }
}
