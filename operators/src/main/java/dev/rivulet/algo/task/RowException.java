package dev.rivulet.algo.task;

/** A row problem found by {@link JsonlPromptParser} while reading fields; never leaves it. */
final class RowException extends RuntimeException {

    private final RowProblem problem;

    RowException(RowProblem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    RowProblem problem() {
        return problem;
    }
}
