package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The calls against a real Flight test server, with a queue standing in for the mailbox. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerCallsTest {

    private final BlockingQueue<ServerCalls.Action> mailbox = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> descriptions = new LinkedBlockingQueue<>();

    private ServerCalls calls(TestPolicyServer server, long deadlineMillis) {
        return new ServerCalls(
                PolicyClients.open(server.endpoint()),
                deadlineMillis,
                (action, description, args) -> {
                    descriptions.add(String.format(description, args));
                    mailbox.add(action);
                });
    }

    /** Runs the next mail on this (the "task") thread. */
    private void runNextMail() throws Exception {
        mailbox.take().run();
    }

    private static TestPolicyServer server() {
        return new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
    }

    @Test
    void theVersionIsAnsweredOnTheTaskThreadOnly() throws Exception {
        try (var server = server();
                var calls = calls(server, 10_000)) {
            AtomicReference<PolicyVersion> seen = new AtomicReference<>();
            AtomicReference<Thread> on = new AtomicReference<>();
            calls.version(
                    (v, e) -> {
                        seen.set(v);
                        on.set(Thread.currentThread());
                    });
            assertThat(seen.get()).as("not before the mail runs").isNull();
            runNextMail();
            assertThat(seen.get().current()).isZero();
            assertThat(on.get()).isSameAs(Thread.currentThread());
            assertThat(descriptions).containsExactly("rollout-loop version check");
        }
    }

    @Test
    void aVersionCheckPastTheDeadlineFailsWithATimeout() throws Exception {
        try (var server = server();
                var calls = calls(server, 200)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            synchronized (server.service) { // the service's version() waits for this monitor
                calls.version((v, e) -> failure.set(e));
                runNextMail();
            }
            assertThat(failure.get()).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void generationsAreAnsweredThroughTheMailbox() throws Exception {
        try (var server = server();
                var calls = calls(server, 10_000)) {
            InflightCall call =
                    new InflightCall(4, 0, List.of(LoopTestData.request("s0-c4-p0", "a", 3)));
            AtomicReference<List<Completion>> answer = new AtomicReference<>();
            calls.generate(call, (completions, e) -> answer.set(completions));
            runNextMail();
            assertThat(answer.get()).hasSize(3);
            assertThat(descriptions).containsExactly("rollout-loop completion of call 4");
        }
    }

    @Test
    void nothingToRescoreIsAnsweredAtOnceWithoutACall() throws Exception {
        try (var server = server();
                var calls = calls(server, 10_000)) {
            InflightCall call = new InflightCall(4, 0, List.of());
            AtomicReference<List<ScoreResult>> answer = new AtomicReference<>();
            calls.score(call, List.of(), (scores, e) -> answer.set(scores));
            assertThat(answer.get()).isEmpty();
            assertThat(mailbox).isEmpty();
            assertThat(server.service.callCount("score")).isZero();

            calls.score(
                    call,
                    List.of(new ScoreRequest("a", new int[] {1, 2}, new int[] {3, 4})),
                    (scores, e) -> answer.set(scores));
            runNextMail();
            assertThat(answer.get()).extracting(ScoreResult::sequenceId).containsExactly("a");
        }
    }

    @Test
    void continuationsAreSentInChunksTheServerAcceptsAndAnsweredOnce() throws Exception {
        try (var server = server();
                var calls = calls(server, 10_000)) {
            InflightCall call = new InflightCall(4, 0, List.of());
            AtomicReference<List<Completion>> answer = new AtomicReference<>();
            // nothing to continue: answered at once, no call
            calls.generateMore(call, List.of(), 4, (c, e) -> answer.set(c));
            assertThat(answer.get()).isEmpty();
            assertThat(mailbox).isEmpty();
            // 3 + 3 + 2 sequences with at most 4 per call: three generate calls, one answer of 8
            calls.generateMore(
                    call,
                    List.of(
                            LoopTestData.request("c-0", "a", 3),
                            LoopTestData.request("c-1", "a", 3),
                            LoopTestData.request("c-2", "a", 2)),
                    4,
                    (c, e) -> answer.set(c));
            runNextMail();
            assertThat(answer.get()).hasSize(8);
            assertThat(server.service.callCount("generate")).isEqualTo(3);
            assertThat(mailbox).isEmpty();
            assertThat(descriptions).containsExactly("rollout-loop continuations of call 4");
        }
    }
}
