package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link GeneratorPool#update}: generators join and leave a running pool. */
class GeneratorPoolMembershipTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FailoverBackoff backoff =
            new FailoverBackoff(Duration.ofMillis(100), Duration.ofMillis(400));

    /** Every endpoint the test's opener opened, by address. */
    private final Map<String, FakeEndpoint> opened = new LinkedHashMap<>();

    private final Function<GeneratorAddress, GenerateEndpoint> opener =
            a -> {
                FakeEndpoint e = new FakeEndpoint(a.toString());
                opened.put(a.toString(), e);
                return e;
            };

    private GeneratorPool pool(FakeEndpoint... endpoints) {
        // retired generators are closed on the answering thread, so the test sees it at once
        return new GeneratorPool(List.of(endpoints), backoff, clock::get, Runnable::run);
    }

    private static List<GeneratorAddress> addresses(String... hosts) {
        List<GeneratorAddress> out = new ArrayList<>();
        for (String h : hosts) {
            out.add(new GeneratorAddress(h, 1));
        }
        return out;
    }

    private static List<GenerationRequest> req(String id) {
        return List.of(Samples.request(id, "1+1=", 1));
    }

    private static PolicyUnavailableException down(String who) {
        return new PolicyUnavailableException("generate failed: " + who + " unreachable");
    }

    @Test
    void aNewGeneratorTakesCallsAtOnce() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        p.generate(req("1")); // a
        p.generate(req("2")); // b

        MembershipChange change = p.update(addresses("a", "b", "c"), opener);

        assertThat(change.added()).containsExactly("c:1");
        assertThat(change.removed()).isEmpty();
        assertThat(change).hasToString("+c:1 (3 generators)");
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.membershipChanges()).isEqualTo(1);
        CompletableFuture<List<Completion>> third = p.generate(req("3")); // c: the fewest
        FakeEndpoint c = opened.get("c:1");
        assertThat(c.requests).containsExactly(req("3"));
        c.call(0).complete(Samples.completions());
        assertThat(third).isCompleted();
        assertThat(p.status().stream().map(EndpointStatus::address))
                .containsExactly("a:1", "b:1", "c:1");
        // the same addresses again: nothing opens, nothing changes
        assertThat(p.update(addresses("a", "b", "c"), opener).changed()).isFalse();
        assertThat(opened).hasSize(1);
    }

    @Test
    void aRetiredGeneratorGetsNoNewCallsFinishesItsCallOnceAndIsThenClosed() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        CompletableFuture<List<Completion>> first = p.generate(req("1")); // a
        p.generate(req("2")); // b

        MembershipChange change = p.update(addresses("b"), opener);

        assertThat(change).hasToString("-a:1 (1 generator)");
        assertThat(a.closed).as("still has a call in flight").isFalse();
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.status())
                .containsExactly(
                        new EndpointStatus("b:1", 1, false, 0, false),
                        new EndpointStatus("a:1", 1, false, 0, true));
        p.generate(req("3"));
        p.generate(req("4"));
        assertThat(a.callCount()).isEqualTo(1);
        assertThat(b.requests).containsExactly(req("2"), req("3"), req("4"));

        List<Completion> fromA = Samples.completions();
        a.call(0).complete(fromA);

        assertThat(first).isCompletedWithValue(fromA);
        assertThat(b.requests).doesNotContain(req("1")); // finished where it was, not re-issued
        assertThat(a.closed).isTrue();
        assertThat(p.status()).containsExactly(new EndpointStatus("b:1", 3, false, 0, false));
    }

    @Test
    void anIdleRetiredGeneratorIsClosedAtOnce() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);

        p.update(addresses("b", "c"), opener);

        assertThat(a.closed).isTrue();
        assertThat(p.status().stream().map(EndpointStatus::address)).containsExactly("b:1", "c:1");
        assertThat(p.membershipChanges()).isEqualTo(2);
    }

    @Test
    void aRetiringGeneratorThatFailsHasItsCallsReissuedOnceToTheMembers() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        a.ignoreCancel = true; // its abandoned attempt will answer late
        GeneratorPool p = pool(a, b);
        CompletableFuture<List<Completion>> first = p.generate(req("1")); // a
        p.generate(req("2")); // b
        CompletableFuture<List<Completion>> third = p.generate(req("3")); // a
        p.update(addresses("b", "c"), opener); // a retires with two calls in flight
        FakeEndpoint c = opened.get("c:1");

        a.call(0).completeExceptionally(down("a")); // the pod is gone

        assertThat(a.closed).as("no call left on it").isTrue();
        assertThat(p.status().stream().map(EndpointStatus::address)).containsExactly("b:1", "c:1");
        // both calls went to the members (c had none, then b and c tie: round robin)
        assertThat(c.requests).contains(req("1"));
        assertThat(b.requests.size() + c.requests.size()).isEqualTo(3);
        assertThat(a.callCount()).isEqualTo(2);
        List<Completion> late = Samples.completions();
        a.call(1).complete(late); // the abandoned attempt of call 3: dropped
        assertThat(third).isNotDone();
        List<Completion> good = Samples.completions();
        for (FakeEndpoint e : List.of(b, c)) {
            e.calls.forEach(f -> f.complete(good));
        }
        assertThat(first).isCompletedWithValue(good);
        assertThat(third).isCompletedWithValue(good);
        assertThat(a.callsAfterClose).isZero();
    }

    @Test
    void anEmptyUpdateKeepsTheGenerators() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        GeneratorPool p = pool(a);

        MembershipChange change = p.update(List.of(), opener);

        assertThat(change.changed()).isFalse();
        assertThat(a.closed).isFalse();
        assertThat(p.size()).isEqualTo(1);
        p.generate(req("1"));
        assertThat(a.callCount()).isEqualTo(1);
    }

    @Test
    void anUpdateWhoseGeneratorsAllFailToOpenKeepsTheOldOnes() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        GeneratorPool p = pool(a);

        MembershipChange change =
                p.update(
                        addresses("b"),
                        x -> {
                            throw new IllegalStateException("no route to " + x);
                        });

        assertThat(change.changed()).isFalse();
        assertThat(a.closed).isFalse();
        assertThat(p.status()).containsExactly(new EndpointStatus("a:1", 0, false, 0));
        // one that fails among others is skipped; the others join, the old one leaves
        p.update(
                addresses("b", "c"),
                x -> {
                    if (x.host().equals("b")) {
                        throw new IllegalStateException("no route to " + x);
                    }
                    return opener.apply(x);
                });
        assertThat(p.status().stream().map(EndpointStatus::address)).containsExactly("c:1");
        assertThat(a.closed).isTrue();
    }

    @Test
    void aRetiringGeneratorWhoseAddressComesBackTakesCallsAgain() {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        p.generate(req("1")); // a
        p.update(addresses("b"), opener);

        MembershipChange change = p.update(addresses("a", "b"), opener);

        assertThat(change.added()).containsExactly("a:1");
        assertThat(opened).as("the retiring generator came back, none opened").isEmpty();
        assertThat(p.status())
                .containsExactly(
                        new EndpointStatus("b:1", 0, false, 0, false),
                        new EndpointStatus("a:1", 1, false, 0, false));
        a.call(0).complete(Samples.completions());
        assertThat(a.closed).isFalse();
        p.generate(req("2")); // b
        p.generate(req("3")); // a
        assertThat(a.callCount()).isEqualTo(2);
    }

    @Test
    void anUpdateOfAClosedPoolOpensAndClosesNothing() throws Exception {
        FakeEndpoint a = new FakeEndpoint("a:1");
        GeneratorPool p = pool(a);
        p.close();

        assertThat(p.update(addresses("b"), opener).changed()).isFalse();
        assertThat(opened).isEmpty();
    }

    @Test
    void closeClosesRetiringGeneratorsAndAttachedResourcesFirst() throws Exception {
        FakeEndpoint a = new FakeEndpoint("a:1");
        FakeEndpoint b = new FakeEndpoint("b:1");
        GeneratorPool p = pool(a, b);
        p.generate(req("1")); // a
        p.update(addresses("b"), opener);
        List<String> order = new ArrayList<>();
        p.attach(() -> order.add("refresher:" + a.closed + b.closed));

        p.close();

        assertThat(order).containsExactly("refresher:falsefalse");
        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
        List<String> late = new ArrayList<>();
        p.attach(() -> late.add("closed at once"));
        assertThat(late).hasSize(1);
    }
}
