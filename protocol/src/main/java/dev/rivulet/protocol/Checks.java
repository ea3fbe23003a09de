package dev.rivulet.protocol;

/** Argument checks shared by the record constructors; every message names the offending field. */
final class Checks {

    private Checks() {}

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null");
        }
        return value;
    }

    static String notEmpty(String value, String field) {
        notNull(value, field);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, got " + value);
        }
        return value;
    }

    static int[] copy(int[] value, String field) {
        return notNull(value, field).clone();
    }

    static float[] copy(float[] value, String field) {
        return notNull(value, field).clone();
    }

    static void sameLength(int tokens, int logprobs, String tokensField, String logprobsField) {
        if (tokens != logprobs) {
            throw new IllegalArgumentException(
                    tokensField
                            + ".length ("
                            + tokens
                            + ") must equal "
                            + logprobsField
                            + ".length ("
                            + logprobs
                            + ")");
        }
    }
}
