package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** How compare's console table and compare.html print their figures, rounded to what they mean. */
final class Figures {

    private Figures() {}

    /** An accuracy to three decimals (one held-out prompt in 611 is 0.0016). */
    static String accuracy(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    /** A rollout count as a whole number with thin-space thousands: {@code 12 345}. */
    static String rollouts(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,d", Math.round(v)).replace(',', '\u2009');
    }

    /** Seconds as a whole number. */
    static String seconds(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "n/a";
    }

    /** A ratio to two decimals. */
    static String ratioValue(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
    }

    /** A JSON number, NaN for null or missing. */
    static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /** {@code median [min, max]} of a target's arm entry, {@code >=} before a censored median. */
    static String rolloutsRange(JsonNode arm) {
        String prefix = arm.path("median_is_lower_bound").asBoolean() ? ">= " : "";
        return prefix
                + rollouts(num(arm.path("median")))
                + " ["
                + rollouts(num(arm.path("min")))
                + ", "
                + rollouts(num(arm.path("max")))
                + "]";
    }

    /**
     * {@code 0.48 [0.31, 0.72]}, with {@code >=} or {@code <=} first when censored runs make it a
     * bound and {@code ?} when they make its direction unknown.
     */
    static String ratio(JsonNode r) {
        if (!r.path("point").isNumber()) {
            return "undefined (the baseline reaches the target at 0 rollouts)";
        }
        String prefix =
                switch (r.path("bound").asText()) {
                    case "at_least" -> ">= ";
                    case "at_most" -> "<= ";
                    case "unknown" -> "? ";
                    default -> "";
                };
        return prefix
                + ratioValue(r.path("point").asDouble())
                + " ["
                + ratioValue(num(r.path("ci95").path(0)))
                + ", "
                + ratioValue(num(r.path("ci95").path(1)))
                + "]";
    }

    /**
     * An accuracy difference in points (hundredths) with its interval, {@code +0.5 [-1.6, +2.1]};
     * {@code (baseline)} for a missing entry (the baseline has none).
     */
    static String points(JsonNode d) {
        if (!d.path("difference").isNumber()) {
            return "(baseline)";
        }
        return signedPoints(d.path("difference").asDouble())
                + " ["
                + signedPoints(num(d.path("lo")))
                + ", "
                + signedPoints(num(d.path("hi")))
                + "]";
    }

    private static String signedPoints(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", 100 * v) : "n/a";
    }
}
