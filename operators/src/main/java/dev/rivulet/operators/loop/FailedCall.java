package dev.rivulet.operators.loop;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the RolloutLoop does with a failed generation call: retry a transient failure, split a
 * refused call of several prompts into one call per prompt (to find the one the server refuses), or
 * drop the single prompt of a refused call from the pool.
 */
final class FailedCall {

    /** The loop's answer to a failure. */
    enum Action {
        /** A transient failure: send the same call again later. */
        RETRY,
        /** The server refused a call of several prompts: send each prompt on its own. */
        SPLIT,
        /** The server refused a call of one prompt: that prompt is unservable. */
        DROP_PROMPT
    }

    private FailedCall() {}

    /** The action for {@code call} failing with {@code error}. */
    static Action decide(InflightCall call, Throwable error) {
        if (!(cause(error) instanceof PolicyInvalidRequestException)) {
            return Action.RETRY;
        }
        return call.requests().size() > 1 ? Action.SPLIT : Action.DROP_PROMPT;
    }

    /** The failure behind future wrappers. */
    static Throwable cause(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * One call per request of {@code call}, numbered from {@code firstCallId}, keeping the step,
     * the request ids and seeds (so the rollout ids stay what they would have been) and whether it
     * is a prior call.
     */
    static List<InflightCall> split(InflightCall call, long firstCallId) {
        List<InflightCall> out = new ArrayList<>(call.requests().size());
        long id = firstCallId;
        for (GenerationRequest r : call.requests()) {
            out.add(new InflightCall(id++, call.step(), List.of(r), call.prior()));
        }
        return out;
    }
}
