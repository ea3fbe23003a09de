package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Membership updates racing with calls, answers and failover on several threads: every call
 * completes once with its own answer, and is generated more than once only when a removed generator
 * failed it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GeneratorPoolRaceTest {

    private static final int CALLERS = 3;
    private static final int UPDATES = 300;
    private static final int BACKLOG = 16;

    /** A generator answered by the completer threads; once gone it fails every call. */
    private final class Gen implements GenerateEndpoint {
        final String address;
        boolean gone;
        volatile boolean closed;

        Gen(String address) {
            this.address = address;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public CompletableFuture<List<Completion>> generate(List<GenerationRequest> requests) {
            if (closed) {
                callsAfterClose.incrementAndGet();
            }
            CompletableFuture<List<Completion>> f = new CompletableFuture<>();
            pending.add(() -> answer(this, f, requests.get(0).requestId()));
            return f;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final LinkedBlockingQueue<Runnable> pending = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final AtomicInteger callsAfterClose = new AtomicInteger();
    private final List<Gen> all = Collections.synchronizedList(new ArrayList<>());

    /** Answers one attempt; one generator's answers are serialised, like one server's. */
    private void answer(Gen g, CompletableFuture<List<Completion>> f, String id) {
        synchronized (g) {
            if (g.gone) {
                f.completeExceptionally(new PolicyUnavailableException(g.address + " is gone"));
            } else if (f.complete(
                    List.of(
                            new Completion(
                                    id,
                                    "p",
                                    0,
                                    new int[] {1},
                                    new int[] {2},
                                    new float[] {-0.5f},
                                    "2",
                                    0L,
                                    FinishReason.STOP)))) {
                delivered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private static GeneratorAddress address(Gen g) {
        return new GeneratorAddress(g.address.substring(0, g.address.indexOf(':')), 1);
    }

    private Gen open(GeneratorAddress a) {
        Gen g = new Gen(a.toString());
        all.add(g);
        return g;
    }

    @Test
    void updatesRacingWithCallsAndFailoverLoseAndDoubleNothing() throws Exception {
        Gen first = open(new GeneratorAddress("g0", 1));
        GeneratorPool pool =
                new GeneratorPool(
                        List.of(first),
                        new FailoverBackoff(Duration.ofMillis(1), Duration.ofMillis(2)),
                        System::nanoTime,
                        Runnable::run);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean updatesDone = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(
                    new Thread(
                            () -> {
                                while (!stop.get()) {
                                    if (!updatesDone.get() && pending.size() < BACKLOG) {
                                        Thread.yield(); // keep calls in flight across updates
                                        continue;
                                    }
                                    try {
                                        Runnable r = pending.poll(1, TimeUnit.MILLISECONDS);
                                        if (r != null) {
                                            r.run();
                                        }
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            }));
        }
        threads.add(
                new Thread(
                        () -> {
                            Random rnd = new Random(7);
                            for (int u = 0; u < UPDATES; u++) {
                                List<GeneratorAddress> wanted = new ArrayList<>();
                                for (int i = 0; i < 4; i++) {
                                    if (rnd.nextInt(2) == 0) {
                                        wanted.add(new GeneratorAddress("g" + i, 1));
                                    }
                                }
                                // an address that comes back before it drained is a live pod
                                // again before DNS lists it; a removed generator's pod is gone
                                // once it is unlisted: its calls fail over
                                for (Gen g : List.copyOf(all)) {
                                    synchronized (g) {
                                        if (wanted.contains(address(g))) {
                                            g.gone = false;
                                        }
                                    }
                                }
                                MembershipChange change = pool.update(wanted, this::open);
                                for (Gen g : List.copyOf(all)) {
                                    synchronized (g) {
                                        if (change.removed().contains(g.address)) {
                                            g.gone = true;
                                        }
                                    }
                                }
                                Thread.yield();
                            }
                            updatesDone.set(true);
                        }));
        List<CompletableFuture<List<Completion>>> results =
                Collections.synchronizedList(new ArrayList<>());
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            callers.add(
                    new Thread(
                            () -> {
                                for (int i = 0; !updatesDone.get(); i++) {
                                    results.add(
                                            pool.generate(
                                                    List.of(
                                                            Samples.request(
                                                                    "c" + caller + "-" + i,
                                                                    "1+1=",
                                                                    1))));
                                    Thread.yield();
                                }
                            }));
        }
        threads.forEach(Thread::start);
        callers.forEach(Thread::start);
        for (Thread t : callers) {
            t.join();
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
                .get(30, TimeUnit.SECONDS);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }

        int calls = results.size();
        for (CompletableFuture<List<Completion>> f : results) {
            assertThat(f).isCompleted();
        }
        assertThat(results.stream().map(f -> f.join().get(0).requestId()).distinct())
                .hasSize(calls);
        assertThat(delivered).hasSize(calls);
        assertThat(delivered.values())
                .as("answers generated and delivered per call")
                .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(callsAfterClose).hasValue(0);
        assertThat(pool.status()).allSatisfy(s -> assertThat(s.outstanding()).isZero());
        assertThat(pool.status()).noneMatch(EndpointStatus::retiring);
        assertThat(pool.membershipChanges()).isGreaterThan(UPDATES / 4);
        // every generator that left is closed; the open ones are the members, one per address
        List<String> open =
                List.copyOf(all).stream().filter(g -> !g.closed).map(g -> g.address).toList();
        assertThat(open)
                .containsExactlyInAnyOrderElementsOf(
                        pool.status().stream().map(EndpointStatus::address).toList());
        pool.close();
    }
}
