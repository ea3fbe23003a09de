package dev.rivulet.algo.reward;

import java.util.List;

/**
 * A rule-based process score for countdown answers: the share of the expression's operations whose
 * intermediate value is a positive whole number, the game's rule for every step (and the rule the
 * task's generator follows). {@code "25+3*7"} (3·7 = 21, 25 + 21 = 46) scores 1; {@code "3-7+25"}
 * (3 − 7 = −4, then 21) and {@code "3/6*4"} (3/6 = 1/2, then 2) score 1/2.
 *
 * <p>The {@code countdown} reward only accepts a single expression, so its operations are the
 * intermediate steps a response shows; equations written out step by step are not accepted by the
 * reward and not read here.
 */
public final class CountdownSteps {

    private CountdownSteps() {}

    /**
     * The share of clean steps of {@code response}, in [0, 1]; NaN when it is not a readable
     * expression or has no operation (a single number).
     */
    public static double cleanShare(String response) {
        EvaluatedExpression e = CountdownReward.parse(response, new Long[1]);
        if (e == null || e.steps().isEmpty()) {
            return Double.NaN;
        }
        List<Rational> steps = e.steps();
        int clean = 0;
        for (Rational r : steps) {
            if (r.isPositiveInteger()) {
                clean++;
            }
        }
        return (double) clean / steps.size();
    }
}
