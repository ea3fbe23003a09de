package dev.rivulet.algo.hint;

import dev.rivulet.protocol.Prompt;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A shard's bounded store of recently solved instances, oldest first: at most {@code capacity} per
 * (task, difficulty), a prompt at most once (solving it again moves it to the newest place).
 * Immutable; kept in the RolloutLoop's keyed state next to the pool, so it survives a restore.
 *
 * @param exemplars the stored instances, oldest first
 */
public record ExemplarStore(Exemplar[] exemplars) implements Serializable {

    /** The store before anything was solved. */
    public static final ExemplarStore EMPTY = new ExemplarStore(new Exemplar[0]);

    public ExemplarStore {
        exemplars = exemplars == null ? new Exemplar[0] : exemplars.clone();
    }

    @Override
    public Exemplar[] exemplars() {
        return exemplars.clone();
    }

    /** How many instances are stored. */
    public int size() {
        return exemplars.length;
    }

    /**
     * The store with {@code solved} as the newest instance of its (task, difficulty): an older
     * entry of the same prompt is removed, and the oldest of its (task, difficulty) goes when more
     * than {@code capacity} would remain.
     */
    public ExemplarStore with(Exemplar solved, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("exemplar capacity must be >= 1, got " + capacity);
        }
        List<Exemplar> kept = new ArrayList<>(exemplars.length + 1);
        for (Exemplar e : exemplars) {
            if (!e.promptId().equals(solved.promptId())) {
                kept.add(e);
            }
        }
        kept.add(solved);
        int same = 0;
        for (Exemplar e : kept) {
            if (sameSlot(e, solved.task(), solved.difficulty())) {
                same++;
            }
        }
        for (int i = 0; same > capacity && i < kept.size(); ) {
            if (sameSlot(kept.get(i), solved.task(), solved.difficulty())) {
                kept.remove(i);
                same--;
            } else {
                i++;
            }
        }
        return new ExemplarStore(kept.toArray(new Exemplar[0]));
    }

    /**
     * The exemplar for {@code prompt}: the newest stored instance of another prompt of the same
     * task at the nearest difficulty (the same difficulty first; at equal distance the easier one),
     * or empty when the task has none.
     */
    public Optional<Exemplar> nearest(Prompt prompt) {
        Exemplar best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = exemplars.length - 1; i >= 0; i--) {
            Exemplar e = exemplars[i];
            if (!e.task().equals(prompt.task()) || e.promptId().equals(prompt.id())) {
                continue;
            }
            int d = Math.abs(e.difficulty() - prompt.difficulty());
            boolean closer =
                    d < bestDistance || (d == bestDistance && e.difficulty() < best.difficulty());
            if (closer) {
                best = e;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean sameSlot(Exemplar e, String task, int difficulty) {
        return e.task().equals(task) && e.difficulty() == difficulty;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExemplarStore s && Arrays.equals(exemplars, s.exemplars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(exemplars);
    }

    @Override
    public String toString() {
        return "ExemplarStore" + Arrays.toString(exemplars);
    }
}
