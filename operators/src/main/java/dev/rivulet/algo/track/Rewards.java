package dev.rivulet.algo.track;

/** Checks shared by the trackers that read rewards as success probabilities. */
final class Rewards {

    private Rewards() {}

    /** Fails unless {@code r} lies in [0, 1]; {@code hint} tells the user what to do instead. */
    static double unit(double r, String tracker, String hint) {
        if (!(r >= 0.0 && r <= 1.0)) {
            throw new IllegalArgumentException(
                    tracker
                            + " expects rewards in [0, 1], got "
                            + r
                            + (hint.isEmpty() ? "" : "; " + hint));
        }
        return r;
    }

    /** {@code r} clipped to [0, 1], for trackers told to read shaped rewards as fractions. */
    static double clipUnit(double r) {
        if (!Double.isFinite(r)) {
            throw new IllegalArgumentException("a reward must be finite, got " + r);
        }
        return Math.min(1.0, Math.max(0.0, r));
    }

    static void checkPrior(int successes, int samples) {
        if (samples < 0 || successes < 0 || successes > samples) {
            throw new IllegalArgumentException(
                    "a prior needs 0 <= successes <= samples, got " + successes + " of " + samples);
        }
    }
}
