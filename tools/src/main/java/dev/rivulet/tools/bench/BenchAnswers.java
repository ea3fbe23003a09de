package dev.rivulet.tools.bench;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The model-less answers the bench-only services share: every prompt servable, flat scores. */
final class BenchAnswers {

    private BenchAnswers() {}

    /** Every request servable, its prompt length as its token count. */
    static List<Admission> admitAll(List<GenerationRequest> requests) {
        List<Admission> out = new ArrayList<>();
        for (GenerationRequest r : requests) {
            out.add(Admission.servable(r.requestId(), r.prompt().length()));
        }
        return out;
    }

    /** A log-prob of −0.5 for every response token, under {@code version}. */
    static List<ScoreResult> flatScores(List<ScoreRequest> requests, long version) {
        List<ScoreResult> out = new ArrayList<>();
        for (ScoreRequest r : requests) {
            float[] lp = new float[r.responseTokens().length];
            Arrays.fill(lp, -0.5f);
            out.add(new ScoreResult(r.sequenceId(), lp, version));
        }
        return out;
    }
}
