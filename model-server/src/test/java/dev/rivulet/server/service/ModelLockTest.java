package dev.rivulet.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Calls under the model lock, the hook after each, and closing. */
class ModelLockTest {

    private final AtomicInteger after = new AtomicInteger();
    private final ModelLock lock = new ModelLock(after::incrementAndGet);

    @Test
    void everyCallIsFollowedByTheHookEvenWhenItFails() {
        assertThat(lock.call(() -> 7)).isEqualTo(7);
        assertThatThrownBy(
                        () ->
                                lock.call(
                                        () -> {
                                            throw new IllegalArgumentException("bad");
                                        }))
                .hasMessage("bad");
        assertThatThrownBy(
                        () ->
                                lock.callIo(
                                        "cannot read x",
                                        () -> {
                                            throw new IOException("disk");
                                        }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read x")
                .hasRootCauseMessage("disk");
        assertThat(after).hasValue(3);
        assertThat(lock.queueLength()).isZero();
    }

    @Test
    void aClosedLockRefusesCallsAndReleasesOnce() {
        AtomicInteger released = new AtomicInteger();
        lock.close(released::incrementAndGet);
        lock.close(released::incrementAndGet);
        assertThat(released).hasValue(1);
        assertThat(lock.closed()).isTrue();
        assertThatThrownBy(() -> lock.call(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(after).as("no hook for a refused call").hasValue(0);
    }
}
