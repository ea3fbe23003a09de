package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.SegmentPoAdvantage;
import dev.rivulet.algo.advantage.SegmentValues;
import dev.rivulet.algo.hint.ExemplarStore;
import dev.rivulet.algo.hint.HintState;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RolloutLoop's logic over the state of the shard in scope: admits prompts, plans calls while
 * the {@link VersionGate} allows, and carries out what an answer means for the state (scoring,
 * splitting a refused call, dropping a refused prompt). It returns what to send and emit; the
 * operator does the sending, emitting, timers and metrics.
 */
final class ShardLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ShardLoop.class);

    private final LoopStrategies strategies;
    private final CallPlanner planner;
    private final VersionGate gate;
    private final KlRescoring rescoring;
    private final CallScorer scorer;
    private final PriorScorer priorScorer;

    ShardLoop(RolloutLoopConfig config, LoopStrategies strategies, VersionGate gate) {
        this.strategies = strategies;
        this.planner = new CallPlanner(config, strategies);
        this.gate = gate;
        this.rescoring = new KlRescoring(config.strategies().klAdaptive());
        this.scorer = new CallScorer(strategies.scorer(), config.seed());
        this.priorScorer = strategies.priorScorer();
    }

    /** The loop of {@code config}, its strategies built by id. */
    static ShardLoop of(RolloutLoopConfig config) {
        return new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
    }

    /** The version gate the shards share. */
    VersionGate gate() {
        return gate;
    }

    /** The calls a tick sent and whether the shard should look for work again on a later tick. */
    record Plan(List<InflightCall> calls, int inflight, boolean lookAgain) {}

    /**
     * Adds a prompt to the pool unless it is there already; when the tracker asks for a prior, the
     * prompt owes its prior measurement and is not selectable until its prior call is scored.
     */
    void admit(Prompt prompt, ShardState s) throws Exception {
        if (!s.hasPrompt(prompt.id())) {
            s.putPrompt(
                    prompt.id(),
                    PromptState.awaitingPrior(
                            prompt,
                            strategies.tracker().initial(),
                            strategies.tracker().priorSamples()));
        }
    }

    /**
     * Plans the shard's next calls while it has room and the gate allows, and records them as in
     * flight; the caller sends them.
     */
    Plan plan(int shard, ShardState s) throws Exception {
        LoopCursor c = s.cursor();
        List<InflightCall> calls = new ArrayList<>();
        ExemplarStore exemplars =
                strategies.hints().keepsExemplars() ? s.exemplars() : ExemplarStore.EMPTY;
        while (planner.hasRoom(c) && !gate.aheadOfLearner(s.calls())) {
            Optional<CallPlanner.Planned> planned =
                    planner.next(shard, c, s.prompts(), s.calls(), exemplars);
            if (planned.isEmpty()) {
                break;
            }
            InflightCall call = planned.get().call();
            s.putCall(call);
            c = planned.get().cursor();
            s.updateCursor(c);
            calls.add(call);
        }
        return new Plan(calls, c.inflight(), planner.hasRoom(c));
    }

    /**
     * The responses to rescore before {@code call} is scored (none: score at once): with SPO's
     * KL-adaptive discount, the stored and the new response of each of a training call's prompts.
     */
    List<ScoreRequest> rescoring(InflightCall call, List<Completion> completions, ShardState s)
            throws Exception {
        return rescoring.requests(call, completions, s::prompt);
    }

    /**
     * Scores an answered call, stores its prompts' new states and counts its rollouts at the gate;
     * the caller emits them and then {@link #release}s the call. A prior call starts its prompts'
     * trackers at their measured prior and emits telemetry only (nothing for the learner).
     *
     * @param scores the rescored responses (empty when none were rescored or the rescoring failed)
     */
    ScoredCall finish(
            int shard,
            InflightCall call,
            List<Completion> completions,
            List<ScoreResult> scores,
            ShardState s)
            throws Exception {
        return finish(
                shard, call, completions, SegmentContinuations.Plan.EMPTY, List.of(), scores, s);
    }

    /**
     * SPO-chain's continuation requests for an answered training call (none unless the estimator is
     * {@code segment-po}); the caller generates them and hands their completions to {@link
     * #finish(int, InflightCall, List, SegmentContinuations.Plan, List, List, ShardState)}.
     */
    SegmentContinuations.Plan continuations(InflightCall call, List<Completion> completions) {
        SegmentPoAdvantage spo = strategies.scorer().segments();
        return spo == null
                ? SegmentContinuations.Plan.EMPTY
                : new SegmentContinuations(spo).plan(call, completions);
    }

    /**
     * As {@link #finish(int, InflightCall, List, List, ShardState)}, with the completions of the
     * call's continuation {@code plan} (empty when none were generated, or they failed): their
     * rewards give each segmented response's cut values.
     */
    ScoredCall finish(
            int shard,
            InflightCall call,
            List<Completion> completions,
            SegmentContinuations.Plan plan,
            List<Completion> continuations,
            List<ScoreResult> scores,
            ShardState s)
            throws Exception {
        Map<String, PromptState> states = states(call, s);
        if (call.prior()) {
            ScoredCall prior = priorScorer.score(shard, call, completions, states);
            for (ScoredCall.Visit v : prior.visits()) {
                s.putPrompt(v.promptId(), v.visit().next());
            }
            return prior;
        }
        KlRescoring.Measured measured = KlRescoring.read(scores, states);
        Map<String, Map<Integer, SegmentValues>> segments =
                plan.isEmpty() || continuations.isEmpty()
                        ? Map.of()
                        : SegmentContinuations.values(
                                plan,
                                continuations,
                                (promptId, answer) -> {
                                    PromptState p = states.get(promptId);
                                    return p == null
                                            ? 0.0
                                            : strategies.scorer().taskReward(p.prompt(), answer);
                                });
        ScoredCall scored =
                scorer.score(shard, call, completions, states, measured.divergence(), segments);
        List<ScoredCall.Visit> visits = new ArrayList<>(scored.visits().size());
        for (ScoredCall.Visit v : scored.visits()) {
            ScoredVisit visit = v.visit();
            PromptState next = rescoring.withReference(v.promptId(), visit.next(), measured);
            s.putPrompt(v.promptId(), next);
            visit.rollouts().forEach(r -> gate.countRollout(r.policyVersion()));
            visits.add(
                    new ScoredCall.Visit(
                            v.promptId(),
                            new ScoredVisit(
                                    next,
                                    visit.rollouts(),
                                    visit.events(),
                                    visit.dropped(),
                                    visit.regenerate())));
        }
        gate.afterCall(scored.emitted(), scored.maxRolloutVersion());
        rememberSolved(call, completions, states, s);
        return new ScoredCall(visits);
    }

    /**
     * The call that generates again, hinted, the groups of the just finished {@code call} that the
     * hint policy replaces (Guide: a plain group whose rollouts all failed), recorded as in flight;
     * the caller sends it before it {@link #release}s {@code call}. Empty when none is replaced.
     */
    List<InflightCall> regenerations(int shard, InflightCall call, ScoredCall scored, ShardState s)
            throws Exception {
        List<Map.Entry<PromptState, Integer>> groups = new ArrayList<>();
        for (ScoredCall.Visit v : scored.visits()) {
            PromptState p = s.prompt(v.promptId());
            if (v.visit().regenerate() && p != null) {
                groups.add(Map.entry(p, v.visit().events().size()));
            }
        }
        if (groups.isEmpty()) {
            return List.of();
        }
        Optional<CallPlanner.Planned> planned =
                planner.regeneration(shard, s.cursor(), call, groups);
        if (planned.isEmpty()) {
            return List.of();
        }
        s.putCall(planned.get().call());
        s.updateCursor(planned.get().cursor());
        return List.of(planned.get().call());
    }

    /**
     * What the operator does with a failed call: send {@code resend} (the parts of a split call),
     * emit {@code deadLetter} (a refused prompt) when not null, {@link #release} the call, or send
     * it again later ({@code retryLater}).
     */
    record Failure(
            List<InflightCall> resend,
            DeadLetterEvent deadLetter,
            boolean release,
            boolean retryLater) {}

    /**
     * Routes a failed {@code call} ({@link FailedCall#decide}): a transient failure is retried
     * later; a refused call of several prompts is split ({@link #isolate}); a refused call of one
     * prompt is served plain again when it was hinted ({@link #dropHint}), else its prompt becomes
     * a dead letter ({@link #dropRefused}) stamped {@code now}.
     */
    Failure failed(int shard, InflightCall call, Throwable error, long now, ShardState s)
            throws Exception {
        return switch (FailedCall.decide(call, error)) {
            case SPLIT -> new Failure(isolate(shard, call, error, s), null, false, false);
            case DROP_PROMPT ->
                    dropHint(shard, call, error, s)
                            ? new Failure(List.of(), null, true, false)
                            : new Failure(
                                    List.of(),
                                    dropRefused(shard, call, error, now, s),
                                    true,
                                    false);
            case RETRY -> new Failure(List.of(), null, false, true);
        };
    }

    /**
     * The server refused {@code call} of several prompts: replaces it in flight by one call per
     * prompt, so that the refused prompt is found and the others are served; the caller sends them.
     */
    List<InflightCall> isolate(int shard, InflightCall call, Throwable error, ShardState s)
            throws Exception {
        CallPlanner.Resend resend = planner.split(call, s.cursor());
        LOG.info(
                "shard {}: the server refused call {} of {} prompts ({}); sending them one by one",
                shard,
                call.callId(),
                resend.parts().size(),
                FailedCall.cause(error).getMessage());
        s.removeCall(call.callId());
        for (InflightCall part : resend.parts()) {
            s.putCall(part);
        }
        s.updateCursor(resend.cursor());
        return resend.parts();
    }

    /**
     * The server refused {@code call} of one prompt whose request carried a hint (its hinted
     * context does not fit, or the hint cannot be tokenized): the prompt stays in the pool with its
     * hint state reset to plain, so it is served without the hint; returns false (nothing done)
     * when the request was plain. The caller then {@link #release}s the call.
     */
    boolean dropHint(int shard, InflightCall call, Throwable error, ShardState s) throws Exception {
        GenerationRequest r = call.requests().get(0);
        PromptState state = s.prompt(r.promptId());
        if (!r.hinted() || state == null) {
            return false;
        }
        s.putPrompt(r.promptId(), state.withHint(HintState.PLAIN));
        LOG.warn(
                "shard {}: the server refused prompt {} with its level-{} hint, served plain: {}",
                shard,
                r.promptId(),
                r.hint().level(),
                FailedCall.cause(error).getMessage());
        return true;
    }

    /**
     * The server refused {@code call} of one prompt: the prompt leaves the pool and becomes a dead
     * letter with the server's message; the caller emits it and then {@link #release}s the call.
     */
    DeadLetterEvent dropRefused(
            int shard, InflightCall call, Throwable error, long now, ShardState s)
            throws Exception {
        GenerationRequest r = call.requests().get(0);
        String message = FailedCall.cause(error).getMessage();
        PromptState state = s.prompt(r.promptId());
        s.removePrompt(r.promptId());
        LOG.warn(
                "shard {}: prompt {} refused by the server, dropped: {}",
                shard,
                r.promptId(),
                message);
        return DeadLetterEvent.refused(
                now, r.promptId(), message, state == null ? r.prompt() : state.prompt().text());
    }

    /** Frees a call's in-flight slot; returns the calls left in flight. */
    int release(InflightCall call, ShardState s) throws Exception {
        s.removeCall(call.callId());
        LoopCursor c = CallPlanner.released(s.cursor());
        s.updateCursor(c);
        return c.inflight();
    }

    /**
     * For a hint policy that seeds with solved instances: stores each visited prompt's first
     * correct response of this training call in the shard's {@link ExemplarStore}.
     */
    private void rememberSolved(
            InflightCall call,
            List<Completion> completions,
            Map<String, PromptState> states,
            ShardState s)
            throws Exception {
        if (!strategies.hints().keepsExemplars()) {
            return;
        }
        ExemplarStore before = s.exemplars();
        ExemplarStore store = before;
        for (GenerationRequest r : call.requests()) {
            PromptState p = states.get(r.promptId());
            if (p == null) {
                continue;
            }
            List<Completion> group = new ArrayList<>();
            for (Completion c : completions) {
                if (c.requestId().equals(r.requestId())) {
                    group.add(c);
                }
            }
            group.sort(Comparator.comparingInt(Completion::sampleIndex));
            Optional<String> solved = strategies.scorer().firstSolved(p.prompt(), group, r.hint());
            if (solved.isPresent()) {
                store = strategies.hints().remember(store, p.prompt(), solved.get());
            }
        }
        if (!store.equals(before)) {
            s.updateExemplars(store);
        }
    }

    private static Map<String, PromptState> states(InflightCall call, ShardState s)
            throws Exception {
        Map<String, PromptState> out = new HashMap<>();
        for (GenerationRequest r : call.requests()) {
            PromptState p = s.prompt(r.promptId());
            if (p != null) {
                out.put(r.promptId(), p);
            }
        }
        return out;
    }
}
