package dev.rivulet.operators.loop;

import dev.rivulet.algo.hint.ExemplarStore;
import java.util.Map;

/**
 * The keyed state of the shard in scope, as the loop's plain-Java classes see it: the prompt pool,
 * the calls in flight and the cursor. The operator backs it with Flink state ({@link
 * KeyedShardState}); tests back it with maps.
 */
interface ShardState {

    /** The prompt's state, or null when it is not in the pool. */
    PromptState prompt(String promptId) throws Exception;

    boolean hasPrompt(String promptId) throws Exception;

    void putPrompt(String promptId, PromptState state) throws Exception;

    void removePrompt(String promptId) throws Exception;

    /** The pool's prompts and their states. */
    Iterable<Map.Entry<String, PromptState>> prompts() throws Exception;

    /** The calls in flight. */
    Iterable<InflightCall> calls() throws Exception;

    /** True while the call is in flight (sent and neither scored nor dropped). */
    boolean inflight(long callId) throws Exception;

    void putCall(InflightCall call) throws Exception;

    void removeCall(long callId) throws Exception;

    /** The shard's cursor, {@link LoopCursor#start} with the loop's seed before the first call. */
    LoopCursor cursor() throws Exception;

    void updateCursor(LoopCursor cursor) throws Exception;

    /** The shard's solved instances (hint policies that seed with them), empty before any. */
    ExemplarStore exemplars() throws Exception;

    void updateExemplars(ExemplarStore exemplars) throws Exception;
}
