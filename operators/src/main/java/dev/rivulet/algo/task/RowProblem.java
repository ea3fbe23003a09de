package dev.rivulet.algo.task;

/** Why a JSONL row became a {@link DeadLetter}; each has a stable code used in the reason. */
public enum RowProblem {
    INVALID_UTF8("invalid-utf8"),
    LINE_TOO_LONG("line-too-long"),
    BAD_JSON("bad-json"),
    TRUNCATED_JSON("truncated-json"),
    NOT_AN_OBJECT("not-an-object"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    EMPTY_PROMPT("empty-prompt"),
    PROMPT_TOO_LONG("prompt-too-long"),
    EMPTY_ANSWER("empty-answer"),
    MISSING_FINAL_ANSWER("missing-final-answer"),
    UNKNOWN_TASK("unknown-task"),
    NEGATIVE_DIFFICULTY("negative-difficulty"),
    EMPTY_ID("empty-id");

    private final String code;

    RowProblem(String code) {
        this.code = code;
    }

    /** The code written before the detail in {@link DeadLetter#reason()}. */
    public String code() {
        return code;
    }
}
