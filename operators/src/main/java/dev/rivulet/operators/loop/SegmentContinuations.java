package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.SegmentPoAdvantage;
import dev.rivulet.algo.advantage.SegmentValues;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * SPO-chain's extra generation for a training call: for the first {@code max-responses} responses
 * of each plain request, one {@link Hint#ANSWER_PREFIX} request per cut whose prefix is the
 * response's own text up to the cut, asking for {@code continuations} samples; once answered, each
 * cut's value is the mean task reward of prefix + continuation. The continuations only measure
 * values: they are never rollouts, so the trained tokens and behaviour log-probs of the call stay
 * the original responses'.
 *
 * <p>The prefix text of tokens 0..c is cut from the decoded response, which needs one character per
 * token (the demo's character vocabulary: the text is as long as the tokens, or one shorter when
 * the last token is an end token that decodes to nothing); a response whose text does not align so
 * is not segmented (it stays one segment). Hinted requests are not segmented either.
 */
final class SegmentContinuations {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SegmentContinuations.class);

    /** A planned continuation request: which response of which request, and which cut. */
    record Cut(String requestId, int sampleIndex, int cutIndex, int cut, String prefix) {}

    /** The continuation requests of a call and what each measures. */
    record Plan(List<GenerationRequest> requests, Map<String, Cut> cuts) {
        static final Plan EMPTY = new Plan(List.of(), Map.of());

        boolean isEmpty() {
            return requests.isEmpty();
        }

        /**
         * The continuations to measure the cuts with, from the answer of their call: none when it
         * failed (the call is then scored without segments, logged for {@code shard} and {@code
         * callId}) or had nothing to answer.
         */
        static List<Completion> measured(
                int shard, long callId, List<Completion> answered, Throwable error) {
            if (error != null) {
                LOG.warn(
                        "shard {}: continuations of call {} failed, scored without segments: {}",
                        shard,
                        callId,
                        error.toString());
            }
            return error != null || answered == null ? List.of() : answered;
        }
    }

    private final SegmentPoAdvantage spec;

    SegmentContinuations(SegmentPoAdvantage spec) {
        this.spec = spec;
    }

    /** The continuation requests of {@code call}'s answered {@code completions}. */
    Plan plan(InflightCall call, List<Completion> completions) {
        if (call.prior()) {
            return Plan.EMPTY;
        }
        Map<String, List<Completion>> byRequest = group(call, completions);
        List<GenerationRequest> requests = new ArrayList<>();
        Map<String, Cut> cuts = new LinkedHashMap<>();
        for (GenerationRequest r : call.requests()) {
            if (r.hinted()) {
                continue;
            }
            List<Completion> g = byRequest.get(r.requestId());
            for (int i = 0; i < g.size() && i < spec.maxResponses(); i++) {
                Completion c = g.get(i);
                if (!aligned(c)) {
                    continue;
                }
                int[] at = spec.cuts(c.logprobs());
                for (int k = 0; k < at.length; k++) {
                    String prefix = c.text().substring(0, at[k] + 1);
                    if (prefix.isEmpty()) {
                        continue;
                    }
                    String id = r.requestId() + "-seg" + c.sampleIndex() + "-" + k;
                    requests.add(
                            new GenerationRequest(
                                    id,
                                    r.promptId(),
                                    r.prompt(),
                                    spec.continuations(),
                                    r.temperature(),
                                    r.topP(),
                                    Math.max(1, r.maxNewTokens() - (at[k] + 1)),
                                    r.seed() * 31 + 1009L * c.sampleIndex() + k + 1,
                                    r.greedy(),
                                    r.template(),
                                    r.systemPrompt(),
                                    Hint.answerPrefix(prefix, at[k] + 1)));
                    cuts.put(id, new Cut(r.requestId(), c.sampleIndex(), k, at[k], prefix));
                }
            }
        }
        return new Plan(requests, cuts);
    }

    /**
     * The cut values of every segmented response, by request id and then sample index: V(cut) =
     * mean task reward of prefix + continuation over the cut's continuations; a cut that got no
     * continuation is left out.
     *
     * @param reward the task reward (0..1) of an answer text for a prompt id
     */
    static Map<String, Map<Integer, SegmentValues>> values(
            Plan plan, List<Completion> continuations, BiFunction<String, String, Double> reward) {
        Map<String, double[]> sums = new HashMap<>();
        for (Completion c : continuations) {
            Cut cut = plan.cuts().get(c.requestId());
            if (cut == null) {
                continue;
            }
            double[] s = sums.computeIfAbsent(c.requestId(), k -> new double[2]);
            s[0] += reward.apply(c.promptId(), cut.prefix() + c.text());
            s[1]++;
        }
        Map<String, Map<Integer, List<double[]>>> points = new LinkedHashMap<>();
        for (Map.Entry<String, Cut> e : plan.cuts().entrySet()) {
            double[] s = sums.get(e.getKey());
            if (s == null || s[1] == 0) {
                continue;
            }
            Cut cut = e.getValue();
            points.computeIfAbsent(cut.requestId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(cut.sampleIndex(), k -> new ArrayList<>())
                    .add(new double[] {cut.cut(), s[0] / s[1]});
        }
        Map<String, Map<Integer, SegmentValues>> out = new HashMap<>();
        points.forEach(
                (request, bySample) -> {
                    Map<Integer, SegmentValues> m = new HashMap<>();
                    bySample.forEach(
                            (sample, ps) -> {
                                ps.sort(Comparator.comparingDouble(p -> p[0]));
                                int[] cuts = new int[ps.size()];
                                double[] vals = new double[ps.size()];
                                for (int k = 0; k < ps.size(); k++) {
                                    cuts[k] = (int) ps.get(k)[0];
                                    vals[k] = ps.get(k)[1];
                                }
                                m.put(sample, new SegmentValues(cuts, vals));
                            });
                    out.put(request, m);
                });
        return out;
    }

    /**
     * One character per token: the text is as long as the tokens, or one shorter (an end token).
     */
    static boolean aligned(Completion c) {
        int t = c.tokens().length;
        int n = c.text().length();
        return t > 0 && (n == t || n == t - 1);
    }

    private static Map<String, List<Completion>> group(
            InflightCall call, List<Completion> completions) {
        Map<String, List<Completion>> byRequest = new LinkedHashMap<>();
        for (GenerationRequest r : call.requests()) {
            byRequest.put(r.requestId(), new ArrayList<>());
        }
        for (Completion c : completions) {
            List<Completion> g = byRequest.get(c.requestId());
            if (g != null) {
                g.add(c);
            }
        }
        byRequest.values().forEach(g -> g.sort(Comparator.comparingInt(Completion::sampleIndex)));
        return byRequest;
    }
}
