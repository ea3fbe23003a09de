package dev.rivulet.operators.testing;

import dev.rivulet.protocol.GenerationRequest;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Answers "a+b=" prompts correctly for about half of the samples (deterministically by seed and
 * sample index) and wrongly otherwise, so groups carry a learning signal.
 */
public final class ArithAnswerer implements BiFunction<GenerationRequest, Integer, String> {

    @Override
    public String apply(GenerationRequest request, Integer sample) {
        String p = request.prompt();
        int plus = p.indexOf('+');
        int eq = p.indexOf('=');
        if (plus < 0 || eq < plus) {
            return "?";
        }
        long a = Long.parseLong(p.substring(0, plus).trim());
        long b = Long.parseLong(p.substring(plus + 1, eq).trim());
        boolean right = Math.floorMod(Objects.hash(request.seed(), sample), 2) == 0;
        return Long.toString(right ? a + b : a + b + 1);
    }
}
