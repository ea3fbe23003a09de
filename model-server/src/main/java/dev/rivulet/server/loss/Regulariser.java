package dev.rivulet.server.loss;

/** Per-token term added to a REC-family loss outside its mask. */
enum Regulariser {
    /** Nothing. */
    NONE,
    /** opmd: + c·(logp − oldLogp)². */
    SQUARED_LOG_RATIO,
    /** asymre: − c·logp. */
    NEGATIVE_LOGP
}
