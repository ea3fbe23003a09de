package dev.rivulet.operators.loop;

import dev.rivulet.algo.allocate.Allocation;
import dev.rivulet.algo.allocate.PromptEstimate;
import dev.rivulet.algo.hint.ExemplarStore;
import dev.rivulet.algo.select.Candidate;
import dev.rivulet.algo.select.Selection;
import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a shard's generation calls: new prompts that owe their prior measurement (SPO's N_init
 * samples) get a prior call first, up to M per call; otherwise the selector picks up to M idle
 * selectable prompts of the pool and the allocator gives each its rollout count. Request ids and
 * seeds derive from the shard's seed, so that a restore re-issues exactly the same requests. Also
 * replaces a refused call of several prompts by one call per prompt, and keeps the shard's cursor
 * in step with its calls.
 *
 * <p>Plain Java: the RolloutLoop operator feeds it the shard's state and stores what it returns.
 */
final class CallPlanner {

    private final RolloutLoopConfig config;
    private final LoopStrategies strategies;

    CallPlanner(RolloutLoopConfig config, LoopStrategies strategies) {
        this.config = config;
        this.strategies = strategies;
    }

    /** A call ready to send and the shard's cursor once it is sent. */
    record Planned(InflightCall call, LoopCursor cursor) {}

    /** The one-prompt calls that replace a refused call, and the cursor once they are sent. */
    record Resend(List<InflightCall> parts, LoopCursor cursor) {}

    /** True while the shard may send another call: one at a time in sync mode. */
    boolean hasRoom(LoopCursor c) {
        return c.inflight() < (config.pacing().sync() ? 1 : config.pacing().maxInflightCalls());
    }

    /**
     * The shard's next call over the prompts of {@code pool} that no call of {@code inflight} is
     * serving, or empty when none is available: a prior call while an idle prompt owes its prior,
     * else a training call over the selectable ones.
     */
    Optional<Planned> next(
            int shard,
            LoopCursor c,
            Iterable<Map.Entry<String, PromptState>> pool,
            Iterable<InflightCall> inflight) {
        return next(shard, c, pool, inflight, ExemplarStore.EMPTY);
    }

    /**
     * As {@link #next(int, LoopCursor, Iterable, Iterable)}, the hint policy drawing on the shard's
     * solved instances {@code exemplars}.
     */
    Optional<Planned> next(
            int shard,
            LoopCursor c,
            Iterable<Map.Entry<String, PromptState>> pool,
            Iterable<InflightCall> inflight,
            ExemplarStore exemplars) {
        Set<String> busy = new HashSet<>();
        for (InflightCall call : inflight) {
            for (GenerationRequest r : call.requests()) {
                busy.add(r.promptId());
            }
        }
        Optional<Planned> prior = priorCall(shard, c, pool, busy);
        if (prior.isPresent()) {
            return prior;
        }
        List<Candidate> candidates = new ArrayList<>();
        Map<String, PromptState> states = new HashMap<>();
        for (Map.Entry<String, PromptState> e : pool) {
            if (busy.contains(e.getKey()) || e.getValue().priorPending()) {
                continue;
            }
            TrackerState t = strategies.scorer().trackerAt(e.getValue(), c.step());
            candidates.add(strategies.candidate(e.getKey(), t));
            states.put(e.getKey(), e.getValue());
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Selection sel =
                strategies
                        .selector()
                        .select(
                                candidates,
                                config.pacing().promptsPerCall(),
                                c.selector(),
                                LoopRandom.of(config.seed(), shard, c.step(), 0));
        if (sel.size() == 0) {
            return Optional.empty();
        }
        List<PromptEstimate> estimates = new ArrayList<>(sel.size());
        for (String id : sel.promptIds()) {
            TrackerState t = strategies.scorer().trackerAt(states.get(id), c.step());
            estimates.add(strategies.estimate(id, t));
        }
        Allocation alloc = strategies.allocator().allocate(estimates);
        List<GenerationRequest> requests = new ArrayList<>(sel.size());
        for (int i = 0; i < alloc.size(); i++) {
            int n = alloc.rollouts(i);
            if (n >= 1) {
                PromptState p = states.get(alloc.promptIds().get(i));
                requests.addAll(visit(shard, c.nextCallId(), i, p, n, exemplars));
            }
        }
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        InflightCall call = new InflightCall(c.nextCallId(), c.step(), requests);
        LoopCursor after =
                new LoopCursor(c.nextCallId() + 1, c.step() + 1, c.inflight() + 1, sel.next());
        return Optional.of(new Planned(call, after));
    }

    /**
     * A prior call for up to M idle prompts that owe their prior measurement, in pool order, each
     * asking for its prior's sample count; empty when none owes one. It takes the next call id but
     * leaves the step and the selector's cursor alone (nothing is selected).
     */
    private Optional<Planned> priorCall(
            int shard,
            LoopCursor c,
            Iterable<Map.Entry<String, PromptState>> pool,
            Set<String> busy) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (Map.Entry<String, PromptState> e : pool) {
            if (requests.size() == config.pacing().promptsPerCall()) {
                break;
            }
            PromptState p = e.getValue();
            if (p.priorPending() && !busy.contains(e.getKey())) {
                requests.add(
                        request(
                                shard,
                                c.nextCallId(),
                                requests.size(),
                                p.prompt(),
                                p.priorSamples()));
            }
        }
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        InflightCall call = new InflightCall(c.nextCallId(), c.step(), requests, true);
        LoopCursor after =
                new LoopCursor(c.nextCallId() + 1, c.step(), c.inflight() + 1, c.selector());
        return Optional.of(new Planned(call, after));
    }

    /**
     * The requests of one training visit of {@code n} samples: one request under the prompt's hint
     * (plain without one), or, when the hint policy hints only m of the n samples (0 &lt; m &lt;
     * n), a plain request of n − m samples and its hinted companion of m samples, scored as one
     * group.
     */
    private List<GenerationRequest> visit(
            int shard, long callId, int index, PromptState p, int n, ExemplarStore exemplars) {
        Hint hint = strategies.hints().hint(p.prompt(), p.hint(), exemplars);
        GenerationRequest r = request(shard, callId, index, p.prompt(), n);
        int m = hint.present() ? Math.min(n, strategies.hints().hintedSamples(n)) : 0;
        if (m <= 0) {
            return List.of(r);
        }
        if (m >= n) {
            return List.of(r.withHint(hint));
        }
        GenerationRequest plain = request(shard, callId, index, p.prompt(), n - m);
        GenerationRequest hinted =
                new GenerationRequest(
                        r.requestId() + COMPANION,
                        r.promptId(),
                        r.prompt(),
                        m,
                        r.temperature(),
                        r.topP(),
                        r.maxNewTokens(),
                        LoopRandom.of(config.seed(), shard, callId, -(index + 1)).nextLong(),
                        r.greedy(),
                        r.template(),
                        r.systemPrompt(),
                        hint);
        return List.of(plain, hinted);
    }

    /** Suffix of a hinted companion's request id: it joins the group of the request it extends. */
    static final String COMPANION = "+hinted";

    /** The group (visit) a request belongs to: its own id, or its companion's plain request id. */
    static String groupOf(String requestId) {
        return requestId.endsWith(COMPANION)
                ? requestId.substring(0, requestId.length() - COMPANION.length())
                : requestId;
    }

    /**
     * A call that generates again, under each prompt's hint, the groups of {@code call} that were
     * scored for regeneration (Guide); empty when there are none. It takes the next call id and
     * keeps {@code call}'s step (the groups it replaces belong to that step) and the selector's
     * cursor.
     *
     * @param groups the prompts to regenerate, each with its state after the failed visit and its
     *     group size
     */
    Optional<Planned> regeneration(
            int shard,
            LoopCursor c,
            InflightCall call,
            List<Map.Entry<PromptState, Integer>> groups) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (Map.Entry<PromptState, Integer> g : groups) {
            PromptState p = g.getKey();
            Hint hint = strategies.hints().hint(p.prompt(), p.hint());
            if (hint.present()) {
                requests.add(
                        request(shard, c.nextCallId(), requests.size(), p.prompt(), g.getValue())
                                .withHint(hint));
            }
        }
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        InflightCall again = new InflightCall(c.nextCallId(), call.step(), requests);
        LoopCursor after =
                new LoopCursor(c.nextCallId() + 1, c.step(), c.inflight() + 1, c.selector());
        return Optional.of(new Planned(again, after));
    }

    private GenerationRequest request(int shard, long callId, int index, Prompt p, int n) {
        return new GenerationRequest(
                "s" + shard + "-c" + callId + "-p" + index,
                p.id(),
                p.text(),
                n,
                config.generation().temperature(),
                config.generation().topP(),
                config.generation().maxNewTokens(),
                LoopRandom.of(config.seed(), shard, callId, index + 1).nextLong(),
                false,
                config.generation().template(),
                config.generation().systemPrompt());
    }

    /**
     * The server refused {@code call} of several prompts: one call per prompt, numbered from the
     * cursor's next call id, with the same request ids and seeds.
     */
    Resend split(InflightCall call, LoopCursor c) {
        List<InflightCall> parts = FailedCall.split(call, c.nextCallId());
        LoopCursor after =
                new LoopCursor(
                        c.nextCallId() + parts.size(),
                        c.step(),
                        c.inflight() - 1 + parts.size(),
                        c.selector());
        return new Resend(parts, after);
    }

    /** The cursor once a call has left the in-flight set. */
    static LoopCursor released(LoopCursor c) {
        return new LoopCursor(
                c.nextCallId(), c.step(), Math.max(0, c.inflight() - 1), c.selector());
    }
}
