package dev.rivulet.operators;

/**
 * Stable operator uids, kept in one place so savepoints survive changes to the job graph.
 *
 * <p>Never change a value once a release has shipped: state is mapped to operators by these.
 */
public final class Uids {

    public static final String PROMPT_SOURCE = "rivulet-prompt-source";
    public static final String ROLLOUT_LOOP = "rivulet-rollout-loop";
    public static final String LEARNER_SINK = "rivulet-learner-sink";

    private Uids() {}
}
