package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GroupSharesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode row(String id, int difficulty, int size, double reward, int hint)
            throws Exception {
        return JSON.readTree(
                String.format(
                        java.util.Locale.ROOT,
                        "{\"rollout_id\":\"%s\",\"task\":\"arith\",\"difficulty\":%d,"
                                + "\"group_size\":%d,\"reward\":%s,\"hint_level\":%d,"
                                + "\"phase\":\"train\"}",
                        id,
                        difficulty,
                        size,
                        reward,
                        hint));
    }

    @Test
    void countsCompleteGroupsByCell() throws Exception {
        GroupShares g = new GroupShares();
        // difficulty 4: one all-wrong group of 3, one hinted mixed group of 3 (0, 1, 0)
        g.add(row("s0-c1-p0-0", 4, 3, 0, 0));
        g.add(row("s0-c1-p0-1", 4, 3, 0, 0));
        g.add(row("s0-c1-p1-0", 4, 3, 0, 2)); // rows of two groups interleave
        g.add(row("s0-c1-p0-2", 4, 3, 0, 0));
        g.add(row("s0-c1-p1-1", 4, 3, 1, 2));
        g.add(row("s0-c1-p1-2", 4, 3, 0, 2));
        // difficulty 2: a group still missing a row is not counted (its row is)
        g.add(row("s1-c7-p0-0", 2, 2, 1, 0));
        var cells = g.cells();
        assertThat(cells).containsOnlyKeys("arith:2", "arith:4");
        assertThat(cells.get("arith:2").groups()).isZero();
        assertThat(cells.get("arith:2").rows()).isEqualTo(1);
        GroupShares.Cell d4 = cells.get("arith:4");
        assertThat(d4.groups()).isEqualTo(2);
        assertThat(d4.allEqualShare()).isEqualTo(0.5); // 1 of 2
        assertThat(d4.hintedShare()).isEqualTo(0.5); // 1 of 2
        assertThat(g.open()).isEqualTo(1);
    }

    @Test
    void groupsOfOneCountForHintsOnlyAndPriorRowsNotAtAll() throws Exception {
        GroupShares g = new GroupShares();
        g.add(row("s0-c1-p0-0", 3, 1, 1, 0)); // SPO: one sample per visit
        g.add(row("s0-c1-p1-0", 3, 1, 0, 1)); // a hinted one
        JsonNode prior =
                JSON.readTree(
                        "{\"rollout_id\":\"s0-c2-p0-0\",\"task\":\"arith\",\"difficulty\":3,"
                                + "\"group_size\":2,\"reward\":1,\"phase\":\"prior\"}");
        g.add(prior);
        g.add(prior);
        GroupShares.Cell d3 = g.cells().get("arith:3");
        assertThat(d3.groups()).isEqualTo(2);
        assertThat(d3.allEqualShare()).isNaN(); // no group of two or more
        assertThat(d3.hintedShare()).isEqualTo(0.5);
        assertThat(g.open()).isZero();
    }

    @Test
    void zeroAdvantageRowsAreCountedForEveryLoop() throws Exception {
        GroupShares g = new GroupShares();
        // SPO: one sample per visit, A = r - p-hat; a GRPO group of 2 all wrong: A = 0 twice
        g.add(withAdvantage(row("s0-c1-p0-0", 4, 1, 1, 0), 0.4));
        g.add(withAdvantage(row("s0-c1-p1-0", 4, 1, 0, 0), -0.3));
        g.add(withAdvantage(row("s0-c2-p0-0", 4, 2, 0, 0), 0.0));
        g.add(withAdvantage(row("s0-c2-p0-1", 4, 2, 0, 0), 0.0));
        GroupShares.Cell d4 = g.cells().get("arith:4");
        assertThat(d4.rows()).isEqualTo(4);
        assertThat(d4.zeroAdvantageShare()).isEqualTo(0.5);
        assertThat(d4.allEqualShare()).isEqualTo(1.0); // the one group of two
    }

    private static JsonNode withAdvantage(JsonNode row, double a) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) row).put("advantage", a);
        return row;
    }
}
