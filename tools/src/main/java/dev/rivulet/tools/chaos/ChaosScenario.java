package dev.rivulet.tools.chaos;

import java.util.Arrays;
import java.util.List;

/** The faults {@code rivulet chaos} injects, each with the id used in {@code chaos.json}. */
public enum ChaosScenario {
    /** SIGKILL one TaskManager JVM mid-run and start a replacement. */
    TASKMANAGER_KILL("taskmanager-kill"),
    /** SIGKILL the model server JVM and restart it from its checkpoint directory. */
    MODEL_SERVER_KILL("model-server-kill"),
    /** Stop the job with a savepoint and submit it again from that savepoint. */
    SAVEPOINT_RESUME("savepoint-resume"),
    /**
     * Stop with a savepoint, resume and train past it, cancel, then restore the same savepoint
     * again: the server must rewind to the savepoint's weights and ledger.
     */
    SAVEPOINT_REWIND("savepoint-rewind"),
    /**
     * A train batch that fails on every attempt (the server started with {@code
     * --fault-poison-batch}): the learner gives it up as dead letters after {@code
     * max-train-failures} and goes on.
     */
    POISON_BATCH("poison-batch"),
    /**
     * The model side as a learner and two generator processes: SIGKILL one generator mid-run and
     * start a replacement on its port. Its in-flight calls go to the other; the replacement pulls
     * the learner's weights and rejoins; every generator's weights equal the learner's for the
     * version it reports.
     */
    GENERATOR_KILL("generator-kill");

    private final String id;

    ChaosScenario(String id) {
        this.id = id;
    }

    /** The id in {@code chaos.json} and on the command line. */
    public String id() {
        return id;
    }

    /** The scenario with this id. */
    public static ChaosScenario byId(String id) {
        for (ChaosScenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown scenario '"
                        + id
                        + "'; known: "
                        + Arrays.stream(values()).map(ChaosScenario::id).toList());
    }

    /** All scenarios in their usual order. */
    public static List<ChaosScenario> all() {
        return List.of(values());
    }
}
