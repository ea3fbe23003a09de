package dev.rivulet.algo.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayPoliciesTest {

    private static ReplayPolicy policy(String id, String staleness, String reuse) {
        return ReplayPolicies.registry()
                .create(id, StrategyOptions.of("max-staleness", staleness, "max-reuse", reuse));
    }

    /** id, generated version, times used, advantage, sequence. */
    private static BufferEntry e(String id, long v, int used, double a, long seq) {
        return new BufferEntry(id, v, used, a, seq);
    }

    private static List<BufferEntry> buffer() {
        return List.of(
                e("old", 1, 0, 0.1, 1), // stale at version 10 with max-staleness 4
                e("used", 8, 2, 0.9, 2), // exhausted with max-reuse 2
                e("a", 7, 0, -0.3, 3),
                e("b", 9, 1, 0.8, 4),
                e("c", 10, 0, 0.3, 5),
                e("d", 10, 0, -0.8, 6));
    }

    @Test
    void fifoTakesLeastUsedThenOldestAndSortsOutStaleAndExhausted() {
        List<BufferEntry> in = buffer();
        List<BufferEntry> copy = new ArrayList<>(in);
        ReplayDecision d = policy("fifo", "4", "2").decide(in, 10, 3);
        assertThat(d.train()).containsExactly("a", "c", "d");
        assertThat(d.stale()).containsExactly("old");
        assertThat(d.exhausted()).containsExactly("used");
        assertThat(d.lastUse()).isEmpty();
        assertThat(d.full()).isTrue();
        assertThat(in).isEqualTo(copy);
    }

    @Test
    void prioritizedTakesLargestAbsoluteAdvantageThenFreshest() {
        ReplayDecision d = policy("prioritized", "4", "2").decide(buffer(), 10, 3);
        // |A|: d 0.8 (v10) ties b 0.8 (v9) -> d first; then c 0.3 (v10) ties a 0.3 (v7)
        assertThat(d.train()).containsExactly("d", "b", "c");
        assertThat(d.lastUse()).containsExactly("b");
        assertThat(d.stale()).containsExactly("old");
        assertThat(d.exhausted()).containsExactly("used");
    }

    @Test
    void defaultsAreStaleness4AndSingleUse() {
        ReplayDecision d = ReplayPolicies.registry().create("fifo").decide(buffer(), 10, 10);
        assertThat(d.stale()).containsExactly("old");
        assertThat(d.exhausted()).containsExactly("used", "b");
        assertThat(d.train()).containsExactly("a", "c", "d");
        assertThat(d.lastUse()).containsExactly("a", "c", "d");
        assertThat(d.full()).isFalse();
    }

    @Test
    void stalenessBoundIsInclusiveAndZeroMeansOnPolicy() {
        ReplayDecision d = policy("fifo", "0", "1").decide(buffer(), 10, 10);
        assertThat(d.train()).containsExactly("c", "d");
        assertThat(d.stale()).containsExactly("old", "used", "a", "b");
        assertThat(policy("fifo", "3", "5").decide(buffer(), 10, 10).train()).contains("a");
    }

    @Test
    void emptyBufferAndBadInputs() {
        ReplayDecision d = policy("prioritized", "4", "1").decide(List.of(), 3, 4);
        assertThat(d.train()).isEmpty();
        // entries newer than the current version come from weights a rollback discarded
        ReplayDecision behind = policy("fifo", "100", "5").decide(buffer(), 5, 10);
        assertThat(behind.stale())
                .containsAll(
                        buffer().stream()
                                .filter(e -> e.policyVersion() > 5)
                                .map(BufferEntry::rolloutId)
                                .toList())
                .isNotEmpty();
        assertThat(behind.train())
                .allMatch(
                        id ->
                                buffer().stream()
                                        .anyMatch(
                                                e ->
                                                        e.rolloutId().equals(id)
                                                                && e.policyVersion() <= 5));
        assertThatThrownBy(() -> policy("fifo", "4", "0"))
                .hasMessageContaining(
                        "replay policy 'fifo': option 'max-reuse' must be in [1, inf), got 0");
        assertThatThrownBy(() -> policy("fifo", "-1", "1"))
                .hasMessageContaining("option 'max-staleness' must be in [0, inf), got -1");
    }

    @Test
    void registryHasExactlyTheExpectedIdsAndFailsOnUnknownOnes() {
        assertThat(ReplayPolicies.registry().ids()).contains("fifo", "prioritized");
        assertThatThrownBy(() -> ReplayPolicies.registry().create("lifo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown replay policy 'lifo'")
                .hasMessageContaining("fifo, prioritized");
    }

    @Test
    void everyIdHasADocsPageListingItsOptions() throws IOException {
        for (ReplayPolicyFactory f : ReplayPolicies.registry().factories()) {
            Path page = Path.of("..", "docs", "algorithms", f.id() + ".md");
            assertThat(page).exists();
            String text = Files.readString(page);
            for (String key : f.options().stream().map(OptionSpec::key).toList()) {
                assertThat(text).as("%s documents option %s", page, key).contains("`" + key + "`");
            }
        }
    }
}
