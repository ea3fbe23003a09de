package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated per-layer key/value buffers (batch, kvHeads, capacity, headDim) for incremental
 * decoding, holding the key/value heads once (not repeated per query group) and keys after RoPE;
 * each forward step writes its slots in place and attends over the filled prefix.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int capacity;
    private long length;

    /** Allocates zeroed buffers owned by a sub-manager of {@code parent}. */
    public KvCache(NDManager parent, PolicyConfig config, int batch, int capacity) {
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[config.layers()];
        this.values = new NDArray[config.layers()];
        Shape shape = new Shape(batch, config.kvHeads(), capacity, config.headDim());
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = manager.zeros(shape, DataType.FLOAT32);
            values[l] = manager.zeros(shape, DataType.FLOAT32);
        }
    }

    /** Number of filled slots. */
    public long length() {
        return length;
    }

    /** Number of slots allocated. */
    public int capacity() {
        return capacity;
    }

    /** Current batch size. */
    public long batch() {
        return keys[0].getShape().get(0);
    }

    /**
     * Writes {@code k} and {@code v} (batch, kvHeads, t, headDim) after the filled prefix of a
     * layer and returns views of the filled keys and values, created in {@code scope}.
     */
    NDArray[] write(NDManager scope, int layer, NDArray k, NDArray v) {
        long t = k.getShape().get(2);
        if (length + t > capacity) {
            throw new IllegalStateException(
                    "KV cache full: " + length + " + " + t + " > capacity " + capacity);
        }
        NDIndex slot = new NDIndex().addAllDim(2).addSliceDim(length, length + t);
        keys[layer].set(slot, k);
        values[layer].set(slot, v);
        NDIndex filled = new NDIndex().addAllDim(2).addSliceDim(0, length + t);
        return new NDArray[] {keys[layer].get(scope, filled), values[layer].get(scope, filled)};
    }

    /** Marks {@code t} more slots as filled; call once per forward step after all layers wrote. */
    void advance(long t) {
        length += t;
    }

    /** Keeps only the given rows (int64 indices), e.g. to drop finished sequences. */
    public void keepRows(long[] rows) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray index = scope.create(rows);
            for (int l = 0; l < keys.length; l++) {
                NDArray k = keys[l].get(manager, new NDIndex("{}", index));
                NDArray v = values[l].get(manager, new NDIndex("{}", index));
                keys[l].close();
                values[l].close();
                keys[l] = k;
                values[l] = v;
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
