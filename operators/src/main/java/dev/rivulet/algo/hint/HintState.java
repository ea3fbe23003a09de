package dev.rivulet.algo.hint;

import java.io.Serializable;

/**
 * A prompt's hint state, kept in the RolloutLoop's keyed state next to its tracker.
 *
 * @param level the hint level (tier) of the prompt's next visit; 0 = plain
 * @param failures rollouts that failed (task reward below 0.5) since the prompt's last success or
 *     the last level change, whichever came later
 */
public record HintState(int level, int failures) implements Serializable {

    /** A prompt that was never hinted. */
    public static final HintState PLAIN = new HintState(0, 0);

    public HintState {
        if (level < 0) {
            throw new IllegalArgumentException("hint level must be >= 0, got " + level);
        }
        if (failures < 0) {
            throw new IllegalArgumentException("hint failures must be >= 0, got " + failures);
        }
    }
}
