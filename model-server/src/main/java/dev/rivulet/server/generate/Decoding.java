package dev.rivulet.server.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.server.model.AttentionMask;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.KvCache;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable state of one {@link Generator} call: left-padded rows with per-row positions and key
 * masks, stepped with a KV cache or by recomputing the whole prefix.
 */
final class Decoding {

    private final TransformerPolicy policy;
    private final int padId;
    private final SamplingParams params;
    private final int promptWidth;
    private final int capacity;
    private final int vocab;
    private final int maxPosition;
    private List<RowState> live = new ArrayList<>();
    private List<boolean[]> valid = new ArrayList<>();

    Decoding(
            TransformerPolicy policy,
            int padId,
            SamplingParams params,
            List<RowState> rows,
            int promptWidth,
            int steps) {
        this.policy = policy;
        this.padId = padId;
        this.params = params;
        this.promptWidth = promptWidth;
        this.capacity = promptWidth + steps;
        this.vocab = policy.config().vocabSize();
        this.maxPosition = policy.config().contextLength() - 1;
        for (RowState r : rows) {
            if (!r.done()) {
                live.add(r);
                boolean[] v = new boolean[capacity];
                for (int j = promptWidth - r.prompt.length; j < promptWidth; j++) {
                    v[j] = true;
                }
                valid.add(v);
            }
        }
    }

    /** Prefill the prompts once, then feed one token per row per step. */
    void runCached() {
        try (NDManager root = Engines.newManager();
                KvCache cache = new KvCache(root, policy.config(), live.size(), capacity)) {
            float[] logits;
            try (NDManager step = root.newSubManager()) {
                logits = lastLogits(step, promptWidth, cache);
            }
            int slot = promptWidth;
            while (consume(logits)) {
                compact(cache);
                int b = live.size();
                try (NDManager step = root.newSubManager()) {
                    long[] ids = new long[b];
                    long[] pos = new long[b];
                    for (int i = 0; i < b; i++) {
                        RowState r = live.get(i);
                        ids[i] = r.done() ? padId : r.lastToken();
                        pos[i] = Math.min(r.lastPosition(), maxPosition);
                        valid.get(i)[slot] = true;
                    }
                    NDArray out =
                            policy.lastLogits(
                                    step.create(ids, new Shape(b, 1)),
                                    step.create(pos, new Shape(b, 1)),
                                    AttentionMask.decode(step, flatValid(slot + 1), b, 1, slot + 1),
                                    cache);
                    logits = out.toFloatArray();
                }
                slot++;
            }
        }
    }

    /** Run the full forward pass over the whole prefix at every step (no cache). */
    void runRecompute() {
        int b = live.size();
        int[][] seq = new int[b][capacity];
        for (int i = 0; i < b; i++) {
            int[] p = live.get(i).prompt;
            java.util.Arrays.fill(seq[i], padId);
            System.arraycopy(p, 0, seq[i], promptWidth - p.length, p.length);
        }
        try (NDManager root = Engines.newManager()) {
            int width = promptWidth;
            while (true) {
                float[] logits;
                try (NDManager step = root.newSubManager()) {
                    long[] ids = new long[b * width];
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < width; j++) {
                            ids[i * width + j] = seq[i][j];
                        }
                    }
                    NDArray out =
                            policy.lastLogits(
                                    step.create(ids, new Shape(b, width)),
                                    positions(step, width),
                                    AttentionMask.decode(step, flatValid(width), b, width, width),
                                    null);
                    logits = out.toFloatArray();
                }
                if (!consume(logits)) {
                    return;
                }
                for (int i = 0; i < b; i++) {
                    RowState r = live.get(i);
                    seq[i][width] = r.done() ? padId : r.lastToken();
                    valid.get(i)[width] = true;
                }
                width++;
            }
        }
    }

    /** Prefill: logits at the last prompt slot of every live row, (rows × vocab) row-major. */
    private float[] lastLogits(NDManager step, int width, KvCache cache) {
        int b = live.size();
        long[] ids = new long[b * width];
        for (int i = 0; i < b; i++) {
            int[] p = live.get(i).prompt;
            int off = width - p.length;
            for (int j = 0; j < width; j++) {
                ids[i * width + j] = j < off ? padId : p[j - off];
            }
        }
        NDArray out =
                policy.lastLogits(
                        step.create(ids, new Shape(b, width)),
                        positions(step, width),
                        AttentionMask.decode(step, flatValid(width), b, width, width),
                        cache);
        return out.toFloatArray();
    }

    /** Per-row positions: 0 at the first real prompt token, clamped to the context. */
    private NDArray positions(NDManager step, int width) {
        int b = live.size();
        long[] pos = new long[b * width];
        for (int i = 0; i < b; i++) {
            int off = promptWidth - live.get(i).prompt.length;
            for (int j = 0; j < width; j++) {
                pos[i * width + j] = Math.min(Math.max(0, j - off), maxPosition);
            }
        }
        return step.create(pos, new Shape(b, width));
    }

    /**
     * Samples the next token of every unfinished live row.
     *
     * @return whether any row is still unfinished
     */
    private boolean consume(float[] logits) {
        boolean more = false;
        for (int i = 0; i < live.size(); i++) {
            RowState r = live.get(i);
            if (r.done()) {
                continue;
            }
            int off = i * vocab;
            TokenSampler.Draw d = TokenSampler.draw(logits, off, vocab, params, r.rnd);
            r.append(d.token(), d.logprob(), d.entropy(), params.isStop(d.token()));
            more |= !r.done();
        }
        return more;
    }

    /** Drops finished rows from the batch and the cache once at least an eighth are finished. */
    private void compact(KvCache cache) {
        int finished = 0;
        for (RowState r : live) {
            finished += r.done() ? 1 : 0;
        }
        if (finished == 0 || finished * 8 < live.size()) {
            return;
        }
        List<RowState> keptRows = new ArrayList<>();
        List<boolean[]> keptValid = new ArrayList<>();
        long[] index = new long[live.size() - finished];
        for (int i = 0, k = 0; i < live.size(); i++) {
            if (!live.get(i).done()) {
                index[k++] = i;
                keptRows.add(live.get(i));
                keptValid.add(valid.get(i));
            }
        }
        cache.keepRows(index);
        live = keptRows;
        valid = keptValid;
    }

    private boolean[] flatValid(int width) {
        boolean[] flat = new boolean[live.size() * width];
        for (int i = 0; i < live.size(); i++) {
            System.arraycopy(valid.get(i), 0, flat, i * width, width);
        }
        return flat;
    }
}
