package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Reward-part means overall and per window, on hand-made rows. */
class RewardPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    private static JsonNode row(long ts, String parts) throws Exception {
        return JSON.readTree(
                "{\"ts\":" + ts + (parts == null ? "" : ",\"reward_parts\":" + parts) + "}");
    }

    @Test
    void meansSkipRowsWithoutPartsAndCountEachPartOnItsOwn() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        rows.add(row(0, "{\"correctness\":1.0,\"format\":0.0}"));
        rows.add(row(1, "{\"correctness\":0.0}"));
        rows.add(row(2, null));
        rows.add(row(3, "{\"correctness\":1.0,\"format\":1.0,\"note\":\"x\"}"));
        var m = RewardParts.means(rows);
        assertThat(m).containsOnlyKeys("correctness", "format");
        assertThat(m.get("correctness")).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.get("format")).isCloseTo(0.5, EXACT);
        assertThat(RewardParts.means(List.of(row(0, null)))).isEmpty();
    }

    @Test
    void windowsCutTheSpanIntoEqualPartsAndLeaveEmptyOnesOut() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        rows.add(row(10_000, "{\"c\":0.0}"));
        rows.add(row(10_500, "{\"c\":1.0}"));
        rows.add(row(19_999, "{\"c\":1.0}"));
        var w = RewardParts.overTime(rows, 0, 2);
        assertThat(w).hasSize(2);
        assertThat(w.get(0).rollouts()).isEqualTo(2);
        assertThat(w.get(0).means().get("c")).isCloseTo(0.5, EXACT);
        assertThat(w.get(0).fromSeconds()).isCloseTo(10.0, EXACT);
        assertThat(w.get(1).means().get("c")).isEqualTo(1.0);
        assertThat(w.get(1).toSeconds()).isCloseTo(20.0, EXACT);
        // tenths of 1 s: the first and the last hold rows, the 8 between are left out
        var tenths = RewardParts.overTime(rows, 0, 10);
        assertThat(tenths).extracting(RewardParts.Window::rollouts).containsExactly(2, 1);
        assertThat(tenths.get(1).fromSeconds()).isCloseTo(19.0, EXACT);
        assertThat(RewardParts.overTime(List.of(row(1, null)), 0, 10)).isEmpty();
        assertThatThrownBy(() -> RewardParts.overTime(rows, 0, 0)).hasMessageContaining("got 0");
    }
}
