package dev.rivulet.tools.chaos;

/**
 * The outcome of one fault-injection scenario, one object of {@code chaos.json}.
 *
 * @param name the scenario
 * @param recoverySeconds from the fault until the job trained past its pre-fault version and
 *     completed a checkpoint after the recovery
 * @param lost rollouts of the surviving lineage neither trained, dropped as stale nor buffered,
 *     plus acknowledged training missing from the server's ledger
 * @param duplicated rollouts trained more than once, or trained but not of the surviving lineage
 * @param weightsConsistent the server's weights of the committed version equal its durable
 *     checkpoint's, and the server is at or after that version
 * @param accounting the counts behind {@code lost} and {@code duplicated}
 * @param detail what happened, in words
 * @param fleet the generator fleet's figures ({@code generator-kill}; zero for the others)
 */
public record ScenarioResult(
        String name,
        double recoverySeconds,
        long lost,
        long duplicated,
        boolean weightsConsistent,
        Accounting accounting,
        String detail,
        Fleet fleet) {

    /**
     * A generator fleet's figures.
     *
     * @param generators generator processes next to the learner
     * @param rolloutsPerSecondBefore throughput over 8 s before the fault
     * @param rolloutsPerSecondAfter throughput over 8 s after the recovery
     * @param digestsCompared generator weight digests compared with the learner's, same version
     * @param digestsDiffering of those, how many differed
     */
    public record Fleet(
            int generators,
            double rolloutsPerSecondBefore,
            double rolloutsPerSecondAfter,
            long digestsCompared,
            long digestsDiffering) {}

    /** True when nothing was lost or duplicated and the weights are consistent. */
    public boolean ok() {
        return lost == 0 && duplicated == 0 && weightsConsistent;
    }
}
