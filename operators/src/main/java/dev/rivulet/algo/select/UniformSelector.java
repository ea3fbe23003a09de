package dev.rivulet.algo.select;

import dev.rivulet.core.registry.StrategyOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Round-robin over the pool in epochs, each epoch in a fresh seeded shuffle; a prompt's place in an
 * epoch is a hash of (seed, epoch, id), so prompts joining or leaving the pool do not disturb the
 * order of the others.
 */
public final class UniformSelector implements PromptSelector {

    private record Keyed(long key, String id) {}

    private static final Comparator<Keyed> ORDER =
            Comparator.comparingLong(Keyed::key).thenComparing(Keyed::id);

    /** Returns min(M, |pool|) distinct prompts, moving into the next epoch when one ends. */
    @Override
    public Selection select(List<Candidate> pool, int m, SelectorState state, RandomGenerator rng) {
        PromptSelector.checkM(m);
        Set<String> ids = new HashSet<>();
        for (Candidate c : pool) {
            if (!ids.add(c.promptId())) {
                throw new IllegalArgumentException(
                        "prompt id '" + c.promptId() + "' appears twice in the pool");
            }
        }
        int want = Math.min(m, pool.size());
        List<String> out = new ArrayList<>(want);
        Set<String> taken = new HashSet<>();
        long epoch = state.epoch();
        Keyed cursor = new Keyed(state.lastKey(), state.lastId());
        boolean freshEpoch = cursor.key() == Long.MIN_VALUE && cursor.id().isEmpty();
        while (out.size() < want) {
            List<Keyed> order = new ArrayList<>(pool.size());
            for (Candidate c : pool) {
                order.add(new Keyed(key(state.seed(), epoch, c.promptId()), c.promptId()));
            }
            order.sort(ORDER);
            for (Keyed k : order) {
                if (out.size() == want) {
                    break;
                }
                boolean after = freshEpoch || ORDER.compare(k, cursor) > 0;
                if (after && !taken.contains(k.id())) {
                    out.add(k.id());
                    taken.add(k.id());
                    cursor = k;
                    freshEpoch = false;
                }
            }
            if (out.size() < want) {
                epoch++;
                cursor = new Keyed(Long.MIN_VALUE, "");
                freshEpoch = true;
            }
        }
        SelectorState next =
                freshEpoch
                        ? new SelectorState(state.seed(), epoch, Long.MIN_VALUE, "")
                        : new SelectorState(state.seed(), epoch, cursor.key(), cursor.id());
        return new Selection(out, next);
    }

    /** The order key of {@code id} in {@code epoch}: a seeded 64-bit hash. */
    static long key(long seed, long epoch, String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ (epoch * 0x9E3779B97F4A7C15L) ^ h).nextLong();
    }

    /** Registers {@code uniform}. */
    public static final class Factory implements PromptSelectorFactory {
        @Override
        public String id() {
            return "uniform";
        }

        @Override
        public String description() {
            return "Round-robin over the pool in epochs, each in a seeded shuffled order.";
        }

        @Override
        public PromptSelector create(StrategyOptions options) {
            return new UniformSelector();
        }
    }
}
