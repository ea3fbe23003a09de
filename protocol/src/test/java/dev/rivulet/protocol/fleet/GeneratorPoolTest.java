package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GeneratorPoolTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FailoverBackoff backoff =
            new FailoverBackoff(Duration.ofMillis(100), Duration.ofMillis(400));

    private GeneratorPool pool(FakeEndpoint... endpoints) {
        return new GeneratorPool(List.of(endpoints), backoff, clock::get);
    }

    private static List<GenerationRequest> req(String id) {
        return List.of(Samples.request(id, "1+1=", 1));
    }

    private static List<Completion> answer() {
        return Samples.completions();
    }

    private static PolicyUnavailableException down(String who) {
        return new PolicyUnavailableException("generate failed: " + who + " unreachable");
    }

    private void advanceMillis(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private static List<Integer> outstanding(GeneratorPool p) {
        return p.status().stream().map(EndpointStatus::outstanding).toList();
    }

    @Test
    void aCallGoesToTheGeneratorWithTheFewestOutstandingCalls() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        FakeEndpoint c = new FakeEndpoint("c:1");
        GeneratorPool p = pool(a, b, c);
        p.generate(req("1"));
        p.generate(req("2"));
        p.generate(req("3"));
        p.generate(req("4")); // all at 1: round robin comes back to a
        assertThat(outstanding(p)).containsExactly(2, 1, 1);
        b.call(0).complete(answer());
        assertThat(outstanding(p)).containsExactly(2, 0, 1);
        p.generate(req("5"));
        assertThat(b.callCount()).isEqualTo(2); // b had the fewest
        assertThat(b.requests.get(1)).isEqualTo(req("5"));
        p.generate(req("6")); // b and c at 1, a at 2: the cursor (after b) picks c
        assertThat(c.callCount()).isEqualTo(2);
        assertThat(outstanding(p)).containsExactly(2, 1, 2);
    }

    @Test
    void tiesGoRoundRobin() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        FakeEndpoint c = new FakeEndpoint("c:1");
        GeneratorPool p = pool(a, b, c);
        StringBuilder order = new StringBuilder();
        for (int n = 0; n < 7; n++) {
            int before = a.callCount() + 10 * b.callCount() + 100 * c.callCount();
            p.generate(req("r" + n));
            int after = a.callCount() + 10 * b.callCount() + 100 * c.callCount();
            order.append(after - before == 1 ? "a" : after - before == 10 ? "b" : "c");
            // complete at once, so every generator is at 0 outstanding again
            for (FakeEndpoint e : List.of(a, b, c)) {
                e.calls.forEach(f -> f.complete(answer()));
            }
        }
        assertThat(order.toString()).isEqualTo("abcabca");
    }

    @Test
    void callsInFlightOnAFailedGeneratorAreReissuedToTheOthers() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        CompletableFuture<List<Completion>> first = p.generate(req("1")); // a
        CompletableFuture<List<Completion>> second = p.generate(req("2")); // b
        CompletableFuture<List<Completion>> third = p.generate(req("3")); // a
        assertThat(a.callCount()).isEqualTo(2);

        a.call(0).completeExceptionally(new CompletionException(down("a")));

        // both calls that were on a went to b, the failed one first
        assertThat(b.requests).containsExactly(req("2"), req("1"), req("3"));
        assertThat(a.call(1)).isCancelled();
        assertThat(p.status().get(0)).isEqualTo(new EndpointStatus("a:1", 0, true, 1));
        assertThat(p.status().get(1)).isEqualTo(new EndpointStatus("b:1", 3, false, 0));
        assertThat(first).isNotDone();

        List<Completion> fromB = answer();
        b.call(1).complete(fromB);
        b.call(2).complete(fromB);
        b.call(0).complete(fromB);
        assertThat(first).isCompletedWithValue(fromB);
        assertThat(second).isCompletedWithValue(fromB);
        assertThat(third).isCompletedWithValue(fromB);
        assertThat(outstanding(p)).containsExactly(0, 0);
    }

    @Test
    void aLateAnswerOfAnAbandonedAttemptIsDropped() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        a.ignoreCancel = true;
        GeneratorPool p = pool(a, b);
        p.generate(req("1")); // a
        p.generate(req("2")); // b
        CompletableFuture<List<Completion>> third = p.generate(req("3")); // a
        a.call(0).completeExceptionally(down("a"));
        assertThat(a.call(1)).isNotDone(); // abandoned, but still running
        List<Completion> fromB = answer();
        b.call(2).complete(fromB); // call 3, re-issued to b
        a.call(1).complete(List.of()); // the abandoned attempt answers late: dropped
        assertThat(third).isCompletedWithValue(fromB);
        assertThat(outstanding(p)).containsExactly(0, 2);
        assertThat(p.status().get(0).down()).isTrue(); // a late answer is no probe
    }

    @Test
    void aDownGeneratorIsProbedAfterItsBackoffWhichDoublesUntilItAnswers() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        p.generate(req("1")); // a
        p.generate(req("2")); // b
        a.call(0).completeExceptionally(down("a")); // a down for 100 ms; call 1 to b
        advanceMillis(99);
        p.generate(req("3"));
        assertThat(a.callCount()).isEqualTo(1);
        assertThat(b.callCount()).isEqualTo(3);

        advanceMillis(1); // 100 ms: one probe may go to a
        CompletableFuture<List<Completion>> probe = p.generate(req("4"));
        assertThat(a.callCount()).isEqualTo(2);
        p.generate(req("5")); // a is busy probing: b, though it has more outstanding
        assertThat(a.callCount()).isEqualTo(2);
        assertThat(p.status().get(0)).isEqualTo(new EndpointStatus("a:1", 1, true, 1));

        a.call(1).completeExceptionally(down("a")); // probe fails: down for 200 ms
        assertThat(b.requests.get(b.callCount() - 1)).isEqualTo(req("4"));
        assertThat(p.status().get(0)).isEqualTo(new EndpointStatus("a:1", 0, true, 2));
        advanceMillis(199);
        p.generate(req("6"));
        assertThat(a.callCount()).isEqualTo(2);

        advanceMillis(1);
        CompletableFuture<List<Completion>> second = p.generate(req("7"));
        assertThat(a.callCount()).isEqualTo(3);
        a.call(2).complete(answer());
        assertThat(second).isCompleted();
        assertThat(p.status().get(0)).isEqualTo(new EndpointStatus("a:1", 0, false, 0));
        p.generate(req("8")); // a is up with the fewest outstanding
        assertThat(a.callCount()).isEqualTo(4);
        b.call(4).complete(answer()); // call 4, re-issued to b when the probe failed
        assertThat(probe).isCompleted();
    }

    @Test
    void aCallFailsOnlyWhenEveryGeneratorIsDownNamingThemAll() {
        FakeEndpoint a = new FakeEndpoint("10.0.0.1:8815");
        FakeEndpoint b = new FakeEndpoint("10.0.0.2:8815");
        GeneratorPool p = pool(a, b);
        CompletableFuture<List<Completion>> first = p.generate(req("1")); // a
        CompletableFuture<List<Completion>> second = p.generate(req("2")); // b
        PolicyUnavailableException aDown = down("a");
        a.call(0).completeExceptionally(aDown);
        assertThat(first).isNotDone(); // re-issued to b
        PolicyUnavailableException bDown = down("b");
        b.call(0).completeExceptionally(bDown);

        for (CompletableFuture<List<Completion>> f : List.of(first, second)) {
            assertThat(f).isCompletedExceptionally();
            Throwable t = f.handle((v, e) -> e).join();
            assertThat(t)
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("every generator is down")
                    .hasMessageContaining(
                            "10.0.0.1:8815 (down after 1 failure(s), retry in 100 ms)")
                    .hasMessageContaining("10.0.0.2:8815 (down after 1 failure(s)")
                    .hasCause(bDown);
        }
        CompletableFuture<List<Completion>> third = p.generate(req("3"));
        assertThat(third.handle((v, e) -> e).join())
                .hasMessageContaining("every generator is down");
    }

    @Test
    void aCallThatKeepsMeetingFailingGeneratorsGivesUpAfterTwiceTheFleetSize() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        // every read of this clock is an hour later: a down generator is always due for a probe
        AtomicLong hours = new AtomicLong();
        GeneratorPool p =
                new GeneratorPool(
                        List.of(a), backoff, () -> TimeUnit.HOURS.toNanos(hours.incrementAndGet()));
        CompletableFuture<List<Completion>> f = p.generate(req("1"));
        a.call(0).completeExceptionally(down("a")); // re-issue 1: probe
        a.call(1).completeExceptionally(down("a")); // re-issue 2: probe
        assertThat(f).isNotDone();
        PolicyUnavailableException last = down("a");
        a.call(2).completeExceptionally(last); // a third re-issue is over 2 x 1
        assertThat(a.callCount()).isEqualTo(3);
        assertThat(f.handle((v, e) -> e).join())
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageStartingWith(
                        "generate failed: re-issued 2 times after generators became unavailable;"
                                + " a:1 (down after 3 failure(s)")
                .hasCause(last);
    }

    @Test
    void aRefusalGoesToTheCallerAndKeepsTheGeneratorUp() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        CompletableFuture<List<Completion>> f = p.generate(req("1"));
        PolicyInvalidRequestException refused =
                new PolicyInvalidRequestException("generate failed: prompt too long");
        a.call(0).completeExceptionally(new CompletionException(refused));
        assertThat(f.handle((v, e) -> e).join()).isSameAs(refused);
        assertThat(b.callCount()).isZero();
        assertThat(p.status().get(0)).isEqualTo(new EndpointStatus("a:1", 0, false, 0));
    }

    @Test
    void closeClosesEveryGeneratorAndRefusesNewCalls() throws Exception {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        CompletableFuture<List<Completion>> f = p.generate(req("1"));
        p.close();
        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
        a.call(0).completeExceptionally(down("a")); // what a closing client does
        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(PolicyUnavailableException.class);
        assertThat(b.callCount()).isZero(); // not re-issued
        assertThat(p.generate(req("2")).handle((v, e) -> e).join())
                .hasMessageContaining("pool is closed");
    }
}
