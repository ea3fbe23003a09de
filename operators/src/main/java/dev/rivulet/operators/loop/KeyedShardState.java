package dev.rivulet.operators.loop;

import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/** {@link ShardState} over the RolloutLoop operator's keyed state, for the key in scope. */
final class KeyedShardState implements ShardState {

    private final MapState<String, PromptState> pool;
    private final MapState<Long, InflightCall> inflight;
    private final ValueState<LoopCursor> cursor;
    private final long seed;

    KeyedShardState(
            MapState<String, PromptState> pool,
            MapState<Long, InflightCall> inflight,
            ValueState<LoopCursor> cursor,
            long seed) {
        this.pool = pool;
        this.inflight = inflight;
        this.cursor = cursor;
        this.seed = seed;
    }

    @Override
    public PromptState prompt(String promptId) throws Exception {
        return pool.get(promptId);
    }

    @Override
    public boolean hasPrompt(String promptId) throws Exception {
        return pool.contains(promptId);
    }

    @Override
    public void putPrompt(String promptId, PromptState state) throws Exception {
        pool.put(promptId, state);
    }

    @Override
    public void removePrompt(String promptId) throws Exception {
        pool.remove(promptId);
    }

    @Override
    public Iterable<Map.Entry<String, PromptState>> prompts() throws Exception {
        return pool.entries();
    }

    @Override
    public Iterable<InflightCall> calls() throws Exception {
        return inflight.values();
    }

    @Override
    public boolean inflight(long callId) throws Exception {
        return inflight.contains(callId);
    }

    @Override
    public void putCall(InflightCall call) throws Exception {
        inflight.put(call.callId(), call);
    }

    @Override
    public void removeCall(long callId) throws Exception {
        inflight.remove(callId);
    }

    @Override
    public LoopCursor cursor() throws Exception {
        LoopCursor c = cursor.value();
        return c == null ? LoopCursor.start(seed) : c;
    }

    @Override
    public void updateCursor(LoopCursor c) throws Exception {
        cursor.update(c);
    }
}
