package dev.rivulet.server.learn;

import java.util.Locale;

/**
 * How the weight β of the k3 KL to the reference policy moves over learner steps: constant at
 * {@code kl-beta}, or from {@code kl-beta} to {@code kl-beta-end} over {@code kl-steps} steps,
 * linearly or along a half cosine, and held at {@code kl-beta-end} afterwards.
 *
 * @param kind the shape
 * @param betaEnd β after {@code steps} steps (ignored by {@link Kind#CONSTANT})
 * @param steps learner steps from β_start to β_end, at least 1 unless constant
 */
public record KlSchedule(Kind kind, double betaEnd, int steps) {

    /** The shapes of the schedule ({@code kl-schedule}). */
    public enum Kind {
        /** β = kl-beta at every step. */
        CONSTANT,
        /** β_s = β0 + (β1 − β0)·min(s, S)/S. */
        LINEAR,
        /** β_s = β1 + (β0 − β1)·(1 + cos(π·min(s, S)/S))/2. */
        COSINE
    }

    /** β = kl-beta at every step. */
    public static final KlSchedule CONSTANT = new KlSchedule(Kind.CONSTANT, 0, 0);

    /** Validates the fields, naming the option that is out of range. */
    public KlSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("kl-schedule must be constant, linear or cosine");
        }
        if (!(betaEnd >= 0) || Double.isInfinite(betaEnd)) {
            throw new IllegalArgumentException("kl-beta-end must be >= 0, got " + betaEnd);
        }
        if (steps < 0 || (kind != Kind.CONSTANT && steps < 1)) {
            throw new IllegalArgumentException(
                    "kl-steps must be >= 1 with kl-schedule="
                            + kind.name().toLowerCase(Locale.ROOT)
                            + ", got "
                            + steps);
        }
    }

    /** β at learner step {@code step} (0 for the first update), starting from {@code betaStart}. */
    public double beta(double betaStart, long step) {
        if (kind == Kind.CONSTANT) {
            return betaStart;
        }
        double f = Math.min(Math.max(step, 0), steps) / (double) steps;
        return switch (kind) {
            case LINEAR -> betaStart + (betaEnd - betaStart) * f;
            case COSINE -> betaEnd + (betaStart - betaEnd) * (1 + Math.cos(Math.PI * f)) / 2;
            case CONSTANT -> betaStart;
        };
    }

    /** Whether β is ever above 0 (only then does the learner keep a reference copy). */
    public boolean everPositive(double betaStart) {
        return betaStart > 0 || (kind != Kind.CONSTANT && betaEnd > 0);
    }
}
