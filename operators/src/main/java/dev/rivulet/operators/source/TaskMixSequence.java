package dev.rivulet.operators.source;

import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.protocol.Prompt;
import java.util.HashSet;
import java.util.Set;

/**
 * The first {@code count} distinct, non-held-out training prompts of a {@link TaskMix} stream with
 * one seed, as an index-addressable {@link PromptSequence}.
 *
 * <p>Construction walks the mix's stream {@code promptAt(seed, 0), promptAt(seed, 1), ...} and
 * keeps the stream indices of the prompts it accepts (skipping held-out prompts and prompt ids seen
 * before), so the sequence is a pure function of {@code (mix spec, held-out split, seed, count)}.
 * Only those indices and the spec are serialised; the mix is rebuilt from its spec with the
 * built-in task registry where the sequence is used.
 */
public final class TaskMixSequence implements PromptSequence {

    private static final long serialVersionUID = 1L;

    /** Consecutive draws without a new distinct prompt after which construction gives up. */
    static final int MAX_FRUITLESS_DRAWS = 10_000;

    private final String spec;
    private final double heldOutFraction;
    private final String heldOutSalt;
    private final long seed;
    private final long[] streamIndices;
    private transient TaskMix mix;

    /**
     * The first {@code count} distinct training prompts of {@code mix} with {@code seed}.
     *
     * @throws IllegalArgumentException when the mix has fewer distinct training prompts than asked
     *     for (for example one-digit addition only)
     */
    public TaskMixSequence(TaskMix mix, long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        this.spec = mix.spec();
        this.heldOutFraction = mix.split().fraction();
        this.heldOutSalt = mix.split().salt();
        this.seed = seed;
        this.mix = mix;
        this.streamIndices = new long[count];
        Set<String> seen = new HashSet<>();
        int found = 0;
        int fruitless = 0;
        for (long index = 0; found < count; index++) {
            Prompt p = mix.promptAt(seed, index);
            if (!mix.split().isHeldOut(p) && seen.add(p.id())) {
                streamIndices[found++] = index;
                fruitless = 0;
            } else if (++fruitless >= MAX_FRUITLESS_DRAWS) {
                throw new IllegalArgumentException(
                        "task mix '"
                                + spec
                                + "' gave only "
                                + found
                                + " distinct training prompts for seed "
                                + seed
                                + " (no new one in "
                                + MAX_FRUITLESS_DRAWS
                                + " draws), fewer than the "
                                + count
                                + " asked for");
            }
        }
    }

    @Override
    public long size() {
        return streamIndices.length;
    }

    @Override
    public Prompt get(long index) {
        if (index < 0 || index >= streamIndices.length) {
            throw new IndexOutOfBoundsException(
                    "prompt " + index + " of a sequence of " + streamIndices.length);
        }
        return mix().promptAt(seed, streamIndices[(int) index]);
    }

    /** The mix's spec, with one entry per cell. */
    public String spec() {
        return spec;
    }

    public long seed() {
        return seed;
    }

    private TaskMix mix() {
        if (mix == null) {
            mix =
                    TaskMix.parse(
                            spec,
                            TaskRegistry.builtIn(),
                            new HeldOutSplit(heldOutFraction, heldOutSalt));
        }
        return mix;
    }
}
