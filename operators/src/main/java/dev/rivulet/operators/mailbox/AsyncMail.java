package dev.rivulet.operators.mailbox;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * Hands the answer of an asynchronous call back to an operator's task thread through its mailbox,
 * the way Flink's AsyncWaitOperator does; answers that arrive while the operator is closing are
 * dropped, because the request is still in keyed state and is re-issued on restore.
 */
public final class AsyncMail {

    private final MailboxExecutor mailbox;
    private final BooleanSupplier closed;

    public AsyncMail(MailboxExecutor mailbox, BooleanSupplier closed) {
        this.mailbox = mailbox;
        this.closed = closed;
    }

    /** Runs {@code action} on the task thread, unless the operator is closing or closed. */
    public void post(
            ThrowingRunnable<? extends Exception> action, String description, Object... args) {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            mailbox.execute(action, description, args);
        } catch (RejectedExecutionException shuttingDown) {
            // the mailbox is closed: the task is going down and state re-issues the request
        }
    }
}
