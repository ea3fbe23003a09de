package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare.html: real tables, one band and line per arm, the targets and their markers. */
class CompareHtmlTest {

    @TempDir Path dir;

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void tablesBandsTargetsAndMarkers() throws Exception {
        CompareResult r = CompareResultTest.threeArms();
        r.write(dir, "uniform-grpo");
        String html = Files.readString(dir.resolve("compare.html"));
        assertThat(html).contains("<table class=\"targets\">").contains("<table class=\"arms\">");
        assertThat(html).doesNotContain("<pre>");
        for (String arm : new String[] {"uniform-grpo", "spo", "knapsack-grpo"}) {
            assertThat(count(html, "<path class=\"band\" data-series=\"" + arm + "\""))
                    .as(arm)
                    .isEqualTo(1);
            assertThat(count(html, "<polyline class=\"series\" data-series=\"" + arm + "\""))
                    .isEqualTo(1);
            // one marker per target
            assertThat(count(html, "<circle class=\"marker\" data-series=\"" + arm + "\""))
                    .isEqualTo(2);
        }
        assertThat(count(html, "<line class=\"target\"")).isEqualTo(2);
        // the ratio with its interval, and the censoring flag, in the table
        assertThat(html)
                .contains("+3.0 [+0.0, +6.0]")
                .contains("0.50 [")
                .contains("&lt;= 0.67 [")
                .contains("2/3");
        // one seed per arm is not one colour per seed: no per-seed series
        assertThat(html).doesNotContain("spo s0");
        assertThat(Files.readString(dir.resolve("compare.json"))).contains("\"targets\"");
    }
}
