package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.arrow.ArrowCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generate call's completion sink: completions pushed by the service (from any thread) are
 * written as record batches of up to {@link #MAX_ROWS} rows, flushed when full, {@link
 * #MAX_DELAY_MILLIS} after the first buffered completion, and when the call ends. One record batch
 * per completion made the Arrow and gRPC framing the largest single cost of the pipeline benchmark
 * (about 40% of its CPU samples, JFR, 2026-11-27); a service that pushes a chunk of completions in
 * a loop now sends them as one message, while a slow trickle still leaves within 2 ms.
 */
final class CompletionBatcher implements Consumer<Completion> {

    static final int MAX_ROWS = 64;
    static final long MAX_DELAY_MILLIS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final ScheduledExecutorService FLUSHER =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "rivulet-completion-flush");
                        t.setDaemon(true);
                        return t;
                    });

    private final ServerStreamListener writer;
    private final VectorSchemaRoot out;
    private final List<Completion> buffered = new ArrayList<>(MAX_ROWS);
    private boolean closed;

    CompletionBatcher(ServerStreamListener writer, VectorSchemaRoot out) {
        this.writer = writer;
        this.out = out;
    }

    @Override
    public synchronized void accept(Completion completion) {
        if (closed) {
            throw new IllegalStateException("completion pushed after generate returned");
        }
        if (writer.isCancelled()) {
            throw CallStatus.CANCELLED
                    .withDescription("the client cancelled the generate call")
                    .toRuntimeException();
        }
        buffered.add(completion);
        if (buffered.size() >= MAX_ROWS) {
            flush();
        } else if (buffered.size() == 1) {
            FLUSHER.schedule(this::flushLater, MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void flushLater() {
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            // the call was cancelled or failed; the service's next push or close reports it
            LOG.debug("delayed completion flush failed: {}", e.toString());
        }
    }

    private void flush() {
        if (buffered.isEmpty() || writer.isCancelled()) {
            buffered.clear();
            return;
        }
        ArrowCodec.writeCompletions(buffered, out);
        buffered.clear();
        writer.putNext();
    }

    /** Sends what is buffered; later pushes fail. */
    synchronized void close() {
        if (!closed) {
            flush();
            closed = true;
        }
    }
}
