package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.SegmentValues;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores an answered call: groups its completions by request, in sample order (a request and its
 * hinted companion, see {@link CallPlanner#groupOf}, form one group: the plain samples first), and
 * scores each prompt's visit with the {@link RolloutScorer}, using the shard's randomness for that
 * call.
 */
final class CallScorer {

    private final RolloutScorer scorer;
    private final long seed;

    CallScorer(RolloutScorer scorer, long seed) {
        this.scorer = scorer;
        this.seed = seed;
    }

    /**
     * The visits of {@code call}'s prompts, in request order; a prompt no longer in {@code states}
     * or without completions is skipped.
     *
     * @param states the pool's states of the call's prompts, by prompt id
     * @param divergence D of each rescored prompt (0 for the others)
     */
    ScoredCall score(
            int shard,
            InflightCall call,
            List<Completion> completions,
            Map<String, PromptState> states,
            Map<String, Double> divergence) {
        return score(shard, call, completions, states, divergence, Map.of());
    }

    /**
     * As {@link #score(int, InflightCall, List, Map, Map)}, with SPO-chain's cut values by request
     * id and sample index (empty when none were measured).
     */
    ScoredCall score(
            int shard,
            InflightCall call,
            List<Completion> completions,
            Map<String, PromptState> states,
            Map<String, Double> divergence,
            Map<String, Map<Integer, SegmentValues>> segments) {
        Map<String, List<Completion>> byRequest = new LinkedHashMap<>();
        // a visit is the requests of one group: a request and its hinted companion (ExPO)
        Map<String, List<GenerationRequest>> visitsByGroup = new LinkedHashMap<>();
        for (GenerationRequest r : call.requests()) {
            byRequest.put(r.requestId(), new ArrayList<>());
            visitsByGroup
                    .computeIfAbsent(CallPlanner.groupOf(r.requestId()), k -> new ArrayList<>())
                    .add(r);
        }
        for (Completion c : completions) {
            List<Completion> g = byRequest.get(c.requestId());
            if (g != null) {
                g.add(c);
            }
        }
        Map<String, PromptState> current = new HashMap<>(states);
        List<ScoredCall.Visit> visits = new ArrayList<>();
        int i = 0;
        for (List<GenerationRequest> requests : visitsByGroup.values()) {
            String promptId = requests.get(0).promptId();
            List<Completion> group = new ArrayList<>();
            List<Hint> hints = new ArrayList<>();
            for (GenerationRequest r : requests) {
                List<Completion> part = byRequest.get(r.requestId());
                part.sort(Comparator.comparingInt(Completion::sampleIndex));
                group.addAll(part);
                hints.addAll(Collections.nCopies(part.size(), r.hint()));
            }
            PromptState state = current.get(promptId);
            if (state == null || group.isEmpty()) {
                continue;
            }
            ScoredVisit v =
                    scorer.score(
                            state,
                            group,
                            hints,
                            divergence.getOrDefault(promptId, 0.0),
                            call.step(),
                            shard,
                            LoopRandom.of(seed, shard, call.callId(), 1000 + i++),
                            // segment values are measured on the visit's plain request
                            segments.getOrDefault(requests.get(0).requestId(), Map.of()));
            current.put(promptId, v.next());
            visits.add(new ScoredCall.Visit(promptId, v));
        }
        return new ScoredCall(visits);
    }
}
