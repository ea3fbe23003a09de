package dev.rivulet.protocol.fleet;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A generator whose calls stay pending until the test completes them, one future per call. */
final class FakeEndpoint implements GenerateEndpoint {

    private final String address;
    final List<CompletableFuture<List<Completion>>> calls = new ArrayList<>();
    final List<List<GenerationRequest>> requests = new ArrayList<>();
    volatile boolean closed;

    /** Calls this generator got after it was closed. */
    int callsAfterClose;

    /** Whether this generator's futures ignore cancel, to model an answer that arrives late. */
    boolean ignoreCancel;

    FakeEndpoint(String address) {
        this.address = address;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public synchronized CompletableFuture<List<Completion>> generate(List<GenerationRequest> reqs) {
        CompletableFuture<List<Completion>> f =
                ignoreCancel ? new Uncancellable() : new CompletableFuture<>();
        calls.add(f);
        requests.add(reqs);
        if (closed) {
            callsAfterClose++;
        }
        return f;
    }

    /** The future of the {@code n}-th call this generator got (0-based). */
    CompletableFuture<List<Completion>> call(int n) {
        return calls.get(n);
    }

    int callCount() {
        return calls.size();
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A future that stays pending when cancelled. */
    private static final class Uncancellable extends CompletableFuture<List<Completion>> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }
    }
}
