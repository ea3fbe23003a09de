package dev.rivulet.operators.learner;

/**
 * The model server's policy version disagrees with the LearnerSink's state (the server restarted
 * from an older commit); thrown on the task thread so that Flink restores and rolls the server to
 * the checkpointed version.
 */
public final class ServerVersionMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ServerVersionMismatchException(String message) {
        super(message);
    }
}
