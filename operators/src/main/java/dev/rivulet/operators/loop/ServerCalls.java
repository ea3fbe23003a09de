package dev.rivulet.operators.loop;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.fleet.EndpointStatus;
import dev.rivulet.protocol.fleet.GeneratorPool;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RolloutLoop's calls to the model server: each is sent asynchronously and its answer (value or
 * failure) handed to the operator's task thread, so nothing blocks that thread on the network. With
 * a fleet (issue 17) the generate calls go through a {@link GeneratorPool} and the version checks
 * and rescoring to the learner; without one, everything goes to the one server.
 */
final class ServerCalls implements AutoCloseable {

    /** Something to run on the task thread. */
    interface Action {
        void run() throws Exception;
    }

    /** Hands actions to the task thread (the operator's mailbox). */
    interface TaskThread {
        void post(Action action, String description, Object... args);
    }

    /** Takes the answer of a call on the task thread: its value, or the failure (value null). */
    interface Answer<T> {
        void accept(T value, Throwable error) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerCalls.class);

    private final PolicyClient client;
    private final GeneratorPool pool;
    private final long deadlineMillis;
    private final TaskThread thread;

    /**
     * Calls to one server that both generates and trains.
     *
     * @param deadlineMillis how long a version check may take before it fails with a {@link
     *     java.util.concurrent.TimeoutException}
     */
    ServerCalls(PolicyClient client, long deadlineMillis, TaskThread thread) {
        this(client, null, deadlineMillis, thread);
    }

    /**
     * Calls to a fleet: generate calls through {@code pool} (null: through {@code learner}), the
     * others to {@code learner}; owns both.
     */
    ServerCalls(PolicyClient learner, GeneratorPool pool, long deadlineMillis, TaskThread thread) {
        this.client = learner;
        this.pool = pool;
        this.deadlineMillis = deadlineMillis;
        this.thread = thread;
    }

    /**
     * The calls of a RolloutLoop with {@code config}: version checks, rescoring and (without a
     * fleet) generation on {@code config.endpoint()}; with {@code config.generators()} set,
     * generation through a {@link GeneratorPool} over them.
     */
    static ServerCalls open(RolloutLoopConfig config, TaskThread thread) throws Exception {
        GeneratorPool pool =
                config.generators() == null
                        ? null
                        : PolicyClients.openPool(
                                config.endpoint(), config.generators(), config.generatorsRefresh());
        if (pool != null) {
            LOG.info(
                    "generating on the fleet {} ({} generators{}); versions and rescoring on {}",
                    config.generators(),
                    pool.size(),
                    config.generators().hasDns() && !config.generatorsRefresh().isZero()
                            ? ", names resolved again every " + config.generatorsRefresh()
                            : "",
                    config.endpoint());
        }
        return new ServerCalls(
                PolicyClients.open(config.endpoint()),
                pool,
                config.endpoint().deadlineMillis(),
                thread);
    }

    /** Whether generation goes through a generator fleet. */
    boolean hasFleet() {
        return pool != null;
    }

    /** The fleet's generators and their state; empty without a fleet. */
    List<EndpointStatus> fleetStatus() {
        return pool == null ? List.of() : pool.status();
    }

    /** Generators that joined or left the fleet while the loop ran; 0 without a fleet. */
    long fleetMembershipChanges() {
        return pool == null ? 0 : pool.membershipChanges();
    }

    /** Generates the rollouts of {@code call}, on the fleet when there is one. */
    void generate(InflightCall call, Answer<List<Completion>> answer) {
        handOff(
                pool == null ? client.generate(call.requests()) : pool.generate(call.requests()),
                answer,
                "rollout-loop completion of call %s",
                call.callId());
    }

    /**
     * Generates extra completions for {@code call} (SPO-chain's continuations), in generate calls
     * of at most {@code maxSequences} sequences each (the call's own size, which the server
     * accepted), answering once all are answered (or the first failure); with no request, answers
     * an empty list at once, on the calling thread.
     */
    void generateMore(
            InflightCall call,
            List<GenerationRequest> requests,
            long maxSequences,
            Answer<List<Completion>> answer)
            throws Exception {
        if (requests.isEmpty()) {
            answer.accept(List.of(), null);
            return;
        }
        List<CompletableFuture<List<Completion>>> parts = new ArrayList<>();
        List<GenerationRequest> chunk = new ArrayList<>();
        long sequences = 0;
        for (GenerationRequest r : requests) {
            if (!chunk.isEmpty() && sequences + r.numSamples() > maxSequences) {
                parts.add(client.generate(chunk));
                chunk = new ArrayList<>();
                sequences = 0;
            }
            chunk.add(r);
            sequences += r.numSamples();
        }
        parts.add(client.generate(chunk));
        CompletableFuture<List<Completion>> all =
                CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                        .thenApply(
                                done -> {
                                    List<Completion> out = new ArrayList<>();
                                    parts.forEach(p -> out.addAll(p.join()));
                                    return out;
                                });
        handOff(all, answer, "rollout-loop continuations of call %s", call.callId());
    }

    /**
     * Scores stored responses of {@code call}'s prompts under the current weights; with none to
     * score, answers an empty list at once, on the calling thread.
     */
    void score(InflightCall call, List<ScoreRequest> requests, Answer<List<ScoreResult>> answer)
            throws Exception {
        if (requests.isEmpty()) {
            answer.accept(List.of(), null);
            return;
        }
        handOff(client.score(requests), answer, "rollout-loop rescoring of call %s", call.callId());
    }

    /** Reads the server's policy version, failing after the deadline. */
    void version(Answer<PolicyVersion> answer) {
        handOff(
                client.version().orTimeout(deadlineMillis, TimeUnit.MILLISECONDS),
                answer,
                "rollout-loop version check");
    }

    private <T> void handOff(
            CompletableFuture<T> future, Answer<T> answer, String description, Object... args) {
        future.whenComplete(
                (value, error) ->
                        thread.post(() -> answer.accept(value, error), description, args));
    }

    @Override
    public void close() throws Exception {
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            client.close();
        }
    }
}
