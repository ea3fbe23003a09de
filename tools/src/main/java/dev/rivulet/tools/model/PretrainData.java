package dev.rivulet.tools.model;

import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.server.model.Tokenizer;
import dev.rivulet.server.pretrain.Example;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised (prompt, answer) pairs drawn from a {@link TaskMix}: an endless training stream (never
 * held out) and the mix's held-out evaluation prompts, keeping only pairs the tokenizer can encode
 * and that fit the context with their EOS.
 */
public final class PretrainData {

    private final TaskMix mix;
    private final long seed;
    private final Tokenizer tokenizer;
    private final int contextLength;
    private final Iterator<Prompt> stream;
    private long skipped;

    public PretrainData(TaskMix mix, long seed, Tokenizer tokenizer, int contextLength) {
        this.mix = mix;
        this.seed = seed;
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.stream = mix.iterator(seed);
    }

    /** The next {@code size} training pairs of the stream. */
    public List<Example> nextBatch(int size) {
        List<Example> out = new ArrayList<>(size);
        int misses = 0;
        while (out.size() < size) {
            Prompt p = stream.next();
            if (fits(p)) {
                out.add(new Example(p.text(), p.answer()));
            } else if (++misses > 100 * size) {
                throw new IllegalArgumentException(
                        "task mix "
                                + mix.spec()
                                + " yields almost no prompt that fits the context "
                                + contextLength
                                + " (last: \""
                                + p.text()
                                + "\")");
            } else {
                skipped++;
            }
        }
        return out;
    }

    /** Training prompts skipped so far because they did not fit. */
    public long skipped() {
        return skipped;
    }

    /** Up to {@code perCell} held-out prompts per mix cell that fit, keyed by cell label. */
    public Map<String, List<Prompt>> heldOut(int perCell) {
        Map<String, List<Prompt>> out = new LinkedHashMap<>();
        for (var e : mix.heldOut(perCell, seed).entrySet()) {
            out.put(e.getKey(), e.getValue().stream().filter(this::fits).toList());
        }
        return out;
    }

    /** Whether BOS + prompt + answer + EOS encode and fit the context. */
    public boolean fits(Prompt p) {
        try {
            int n = tokenizer.encodePrompt(p.text()).length + tokenizer.encode(p.answer()).length;
            return n + 1 <= contextLength;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
