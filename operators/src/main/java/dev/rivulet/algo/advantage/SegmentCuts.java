package dev.rivulet.algo.advantage;

import java.util.ArrayList;
import java.util.List;

/**
 * SPO-chain's cut points of a response: every low-probability token (behaviour probability below
 * {@code threshold}) marks a cut just before it, and every {@code interval}-th of those marks is
 * kept, so a segment holds {@code interval} uncertain choices. A cut c is the state after response
 * tokens 0..c; a cut before the first token (c = −1) is the prompt itself, whose value the group
 * gives, so it is not returned. At most {@code maxCuts} cuts are returned, the earliest.
 */
public final class SegmentCuts {

    private SegmentCuts() {}

    /**
     * The cut positions of a response with behaviour log-probs {@code logprobs}, ascending, each in
     * [0, T − 2].
     *
     * @param threshold a token with probability below it is a low-probability token
     * @param interval keep every interval-th mark, starting with the first
     * @param maxCuts keep at most this many cuts (0: none)
     */
    public static int[] of(float[] logprobs, double threshold, int interval, int maxCuts) {
        if (interval < 1) {
            throw new IllegalArgumentException("segment interval must be >= 1, got " + interval);
        }
        if (maxCuts < 0) {
            throw new IllegalArgumentException("segment max-cuts must be >= 0, got " + maxCuts);
        }
        List<Integer> marks = new ArrayList<>();
        for (int j = 0; j < logprobs.length; j++) {
            if (Math.exp(logprobs[j]) < threshold) {
                marks.add(j - 1);
            }
        }
        List<Integer> cuts = new ArrayList<>();
        for (int m = 0; m < marks.size() && cuts.size() < maxCuts; m += interval) {
            if (marks.get(m) >= 0) {
                cuts.add(marks.get(m));
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }
}
