package dev.rivulet.algo.shape;

import dev.rivulet.algo.reward.RewardBreakdown;
import java.util.Map;

/**
 * Whether a sample's answer is in its task's format, read from the task reward's {@code format}
 * part.
 *
 * <p>Every built-in reward reports that part: {@code arith} (the trimmed response is an integer),
 * {@code countdown} (a valid expression over integers), {@code sort} (a non-empty list of
 * integers), {@code gsm8k} (a number after a last {@code ####}), {@code boxed} (a {@code \boxed{}}
 * answer). A reward that reports none ({@code exact}, or a custom reward) has no format to check: a
 * non-blank response then counts as formatted and a blank one does not.
 */
final class TaskFormatCheck {

    private TaskFormatCheck() {}

    /** 1.0 when the sample's answer is in its task's format, else 0.0 (see the class). */
    static double format(ShapingSample sample) {
        Double part = sample.reward().parts().get(RewardBreakdown.FORMAT);
        if (part != null) {
            return part >= 0.5 ? 1.0 : 0.0;
        }
        return sample.text().isBlank() ? 0.0 : 1.0;
    }

    /** The value of the task reward's part {@code name}, or {@code fallback} when it has none. */
    static double part(ShapingSample sample, String name, double fallback) {
        Map<String, Double> parts = sample.reward().parts();
        Double v = parts.get(name);
        return v == null ? fallback : v;
    }
}
