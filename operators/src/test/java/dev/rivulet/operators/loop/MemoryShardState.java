package dev.rivulet.operators.loop;

import dev.rivulet.algo.hint.ExemplarStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@link ShardState} in maps, for tests of the loop's classes without Flink. */
final class MemoryShardState implements ShardState {

    final Map<String, PromptState> pool = new LinkedHashMap<>();
    final Map<Long, InflightCall> inflight = new TreeMap<>();
    LoopCursor cursor = LoopCursor.start(LoopTestData.SEED);
    ExemplarStore exemplars = ExemplarStore.EMPTY;

    @Override
    public PromptState prompt(String promptId) {
        return pool.get(promptId);
    }

    @Override
    public boolean hasPrompt(String promptId) {
        return pool.containsKey(promptId);
    }

    @Override
    public void putPrompt(String promptId, PromptState state) {
        pool.put(promptId, state);
    }

    @Override
    public void removePrompt(String promptId) {
        pool.remove(promptId);
    }

    @Override
    public Iterable<Map.Entry<String, PromptState>> prompts() {
        return pool.entrySet();
    }

    @Override
    public Iterable<InflightCall> calls() {
        return inflight.values();
    }

    @Override
    public boolean inflight(long callId) {
        return inflight.containsKey(callId);
    }

    @Override
    public void putCall(InflightCall call) {
        inflight.put(call.callId(), call);
    }

    @Override
    public void removeCall(long callId) {
        inflight.remove(callId);
    }

    @Override
    public LoopCursor cursor() {
        return cursor;
    }

    @Override
    public void updateCursor(LoopCursor c) {
        cursor = c;
    }

    @Override
    public ExemplarStore exemplars() {
        return exemplars;
    }

    @Override
    public void updateExemplars(ExemplarStore e) {
        exemplars = e;
    }
}
