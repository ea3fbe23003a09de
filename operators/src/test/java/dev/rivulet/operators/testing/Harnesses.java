package dev.rivulet.operators.testing;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Helpers for operator harness tests: run mails until a condition holds, read outputs. */
public final class Harnesses {

    private Harnesses() {}

    /**
     * Runs the harness's mails (answers of async calls) until {@code done} holds; blocks on the
     * mailbox rather than sleeping. Tests put a JUnit timeout around it.
     */
    public static void runMailsUntil(AbstractStreamOperatorTestHarness<?> h, BooleanSupplier done)
            throws Exception {
        while (!done.getAsBoolean()) {
            h.getTaskMailbox().take(TaskMailbox.MIN_PRIORITY).run();
        }
    }

    /** Runs the mails that are already in the harness's mailbox, without waiting for more. */
    public static void runPendingMails(AbstractStreamOperatorTestHarness<?> h) throws Exception {
        var mail = h.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY);
        while (mail.isPresent()) {
            mail.get().run();
            mail = h.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY);
        }
    }

    /** The main-output values of a harness, in order. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> values(AbstractStreamOperatorTestHarness<T> h) {
        return h.getOutput().stream()
                .filter(o -> o instanceof StreamRecord<?>)
                .map(o -> ((StreamRecord<T>) o).getValue())
                .toList();
    }
}
