package dev.rivulet.server.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that tells a repeated batch from a new one: a batch id the ledger's window holds
 * was trained already and is answered with its original outcome (marked duplicate), or, when that
 * is no longer remembered, with the version it produced. Outcomes are remembered for the batches of
 * the window only: they are forgotten when their version leaves it or is rolled back.
 */
public final class DuplicateBatches {

    private final Ledger ledger;

    /** Outcomes of the window's batches by batch id, in version order. */
    private final Map<String, StepOutcome> outcomes = new LinkedHashMap<>();

    DuplicateBatches(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * The answer to a batch that was trained before, or empty for a new batch (or a null id, which
     * is never a duplicate).
     */
    public Optional<StepOutcome> earlier(String batchId) {
        if (batchId == null) {
            return Optional.empty();
        }
        return ledger.batchVersion(batchId)
                .map(
                        v -> {
                            StepOutcome o = outcomes.get(batchId);
                            return o != null ? o.asDuplicate() : new StepOutcome(v, null, true);
                        });
    }

    /** Remembers the outcome of a batch just trained. */
    void remember(String batchId, StepOutcome outcome) {
        if (batchId != null) {
            outcomes.put(batchId, outcome);
        }
    }

    /** Forgets the outcomes of versions the ledger no longer holds in memory (archived). */
    void forgetArchived() {
        long horizon = ledger.horizon();
        for (var it = outcomes.values().iterator(); it.hasNext(); ) {
            if (it.next().version() > horizon) {
                break;
            }
            it.remove();
        }
    }

    /** Forgets the outcomes of versions after {@code v} (a rollback). */
    void forgetAfter(long v) {
        outcomes.values().removeIf(o -> o.version() > v);
    }

    /** Forgets every outcome (a restore). */
    void clear() {
        outcomes.clear();
    }

    /** Outcomes remembered. */
    public int size() {
        return outcomes.size();
    }
}
