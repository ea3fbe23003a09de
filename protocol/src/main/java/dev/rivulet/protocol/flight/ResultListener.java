package dev.rivulet.protocol.flight;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The listener of one train put: keeps the put's result (its metadata buffer retained) until the
 * caller takes it. Unlike Arrow's {@code SyncPutListener}, a result that arrives after {@link
 * #close()} (the call was abandoned: the client closed while the server was still training) is not
 * kept, so it goes back to the Flight client's allocator at once instead of staying queued in a
 * listener nobody reads, which made the client's close log {@code Memory was leaked by query}.
 */
final class ResultListener implements FlightClient.PutListener, AutoCloseable {

    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private ArrowBuf metadata;
    private boolean closed;

    @Override
    public synchronized void onNext(PutResult val) {
        if (closed || metadata != null) {
            return; // not retained: the caller releases the result's buffer when onNext returns
        }
        ArrowBuf buf = val.getApplicationMetadata();
        if (buf != null) {
            buf.getReferenceManager().retain();
            metadata = buf;
        }
    }

    @Override
    public void onError(Throwable t) {
        completed.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        completed.complete(null);
    }

    /** Waits for the call to end; throws its failure as Flight's {@code SyncPutListener} does. */
    @Override
    public void getResult() {
        try {
            completed.get();
        } catch (ExecutionException e) {
            throw org.apache.arrow.flight.grpc.StatusUtils.fromThrowable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw org.apache.arrow.flight.grpc.StatusUtils.fromThrowable(e);
        }
    }

    @Override
    public boolean isCancelled() {
        return completed.isDone();
    }

    /**
     * Waits for the call to end and hands over the result's metadata (null when the server sent
     * none); the caller closes it.
     *
     * @throws FlightRuntimeException the call's failure, as the Flight client raised it
     * @throws ExecutionException any other failure of the call
     */
    PutResult read() throws InterruptedException, ExecutionException {
        try {
            completed.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FlightRuntimeException f) {
                throw f;
            }
            throw e;
        }
        synchronized (this) {
            ArrowBuf buf = metadata;
            metadata = null;
            return buf == null ? null : PutResult.metadata(buf);
        }
    }

    /** Releases a result nobody took; results arriving later are not kept. */
    @Override
    public synchronized void close() {
        closed = true;
        if (metadata != null) {
            metadata.getReferenceManager().release();
            metadata = null;
        }
    }
}
