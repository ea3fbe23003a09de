package dev.rivulet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.learn.StepStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A repeated batch is answered from the ledger's window with its original outcome. */
class DuplicateBatchesTest {

    private final Ledger ledger = new Ledger();
    private final DuplicateBatches duplicates = new DuplicateBatches(ledger);

    private static StepStats stats(double loss) {
        return new StepStats(loss, 0.1, 0, 0.5, 0.2, 1.5, 12, 2);
    }

    /** Trains batch {@code b<v>} of rollout {@code r<v>} to version {@code v}. */
    private StepOutcome trained(long v, boolean remember) {
        ledger.record("b" + v, List.of("r" + v), v);
        StepOutcome o = new StepOutcome(v, stats(v), false);
        if (remember) {
            duplicates.remember("b" + v, o);
        }
        return o;
    }

    @Test
    void aNewBatchOrANullIdIsNoDuplicate() {
        trained(1, true);
        assertThat(duplicates.earlier("b2")).isEmpty();
        assertThat(duplicates.earlier(null)).isEmpty();
    }

    @Test
    void aRepeatGetsItsOriginalOutcomeMarkedDuplicateOrAtLeastItsVersion() {
        StepOutcome first = trained(1, true);
        trained(2, false);
        assertThat(duplicates.earlier("b1")).contains(new StepOutcome(1, first.stats(), true));
        assertThat(duplicates.earlier("b2")).contains(new StepOutcome(2, null, true));
        assertThat(duplicates.size()).isEqualTo(1);
    }

    @Test
    void outcomesAreForgottenWithTheirVersions() {
        for (long v = 1; v <= 4; v++) {
            trained(v, true);
        }
        ledger.dropUpTo(1); // archived
        duplicates.forgetArchived();
        assertThat(duplicates.size()).isEqualTo(3);
        assertThat(duplicates.earlier("b1")).as("no longer in the window").isEmpty();

        ledger.dropAfter(2); // rolled back
        duplicates.forgetAfter(2);
        assertThat(duplicates.size()).isEqualTo(1);
        assertThat(duplicates.earlier("b3")).isEmpty();
        assertThat(duplicates.earlier("b2").orElseThrow().stats()).isEqualTo(stats(2));

        duplicates.clear();
        assertThat(duplicates.earlier("b2")).contains(new StepOutcome(2, null, true));
    }
}
