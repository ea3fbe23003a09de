package dev.rivulet.operators.loop;

import dev.rivulet.algo.hint.ExemplarStore;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** {@link ShardState} over the RolloutLoop operator's keyed state, for the key in scope. */
final class KeyedShardState implements ShardState {

    /** Keyed state names; a savepoint's state is found by them, so they never change. */
    static final String POOL = "pool";

    static final String INFLIGHT = "inflight";
    static final String CURSOR = "cursor";
    static final String EXEMPLARS = "exemplars";

    private final MapState<String, PromptState> pool;
    private final MapState<Long, InflightCall> inflight;
    private final ValueState<LoopCursor> cursor;
    private final ValueState<ExemplarStore> exemplars;
    private final long seed;

    KeyedShardState(
            MapState<String, PromptState> pool,
            MapState<Long, InflightCall> inflight,
            ValueState<LoopCursor> cursor,
            ValueState<ExemplarStore> exemplars,
            long seed) {
        this.pool = pool;
        this.inflight = inflight;
        this.cursor = cursor;
        this.exemplars = exemplars;
        this.seed = seed;
    }

    /** The operator's keyed states from {@code store}. */
    static KeyedShardState open(KeyedStateStore store, long seed) {
        return new KeyedShardState(
                store.getMapState(
                        new MapStateDescriptor<>(
                                POOL, Types.STRING, TypeInformation.of(PromptState.class))),
                store.getMapState(
                        new MapStateDescriptor<>(
                                INFLIGHT, Types.LONG, TypeInformation.of(InflightCall.class))),
                store.getState(
                        new ValueStateDescriptor<>(CURSOR, TypeInformation.of(LoopCursor.class))),
                store.getState(
                        new ValueStateDescriptor<>(
                                EXEMPLARS, TypeInformation.of(ExemplarStore.class))),
                seed);
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

    @Override
    public ExemplarStore exemplars() throws Exception {
        ExemplarStore e = exemplars.value();
        return e == null ? ExemplarStore.EMPTY : e;
    }

    @Override
    public void updateExemplars(ExemplarStore e) throws Exception {
        exemplars.update(e);
    }
}
