package dev.rivulet.server.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one fair lock around the model (the DJL core is not thread-safe) and the closed flag: every
 * call runs under it and is followed by {@code afterEachCall} (still under the lock); a call after
 * {@link #close} fails.
 */
final class ModelLock {

    /** A model call that may fail with an IOException. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Runnable afterEachCall;
    private volatile boolean closed;

    ModelLock(Runnable afterEachCall) {
        this.afterEachCall = afterEachCall;
    }

    /** Calls waiting for the lock. */
    int queueLength() {
        return lock.getQueueLength();
    }

    boolean closed() {
        return closed;
    }

    /**
     * Runs {@code body} under the lock.
     *
     * @throws IllegalStateException if the lock was closed
     */
    <T> T call(Supplier<T> body) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the policy service is closed");
            }
            try {
                return body.get();
            } finally {
                afterEachCall.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #call}, an IOException becoming an UncheckedIOException saying {@code failure}. */
    <T> T callIo(String failure, IoCall<T> body) {
        return call(
                () -> {
                    try {
                        return body.call();
                    } catch (IOException e) {
                        throw new UncheckedIOException(failure, e);
                    }
                });
    }

    /** Waits for the running call, then runs {@code release} unless closed already. */
    void close(Runnable release) {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.unlock();
        }
    }
}
