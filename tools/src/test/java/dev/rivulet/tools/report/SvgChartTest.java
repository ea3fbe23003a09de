package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the SVG holds: ticks, one colour per series, bands, target lines and markers. */
class SvgChartTest {

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static SvgChart twoArms() {
        SvgChart c = new SvgChart("acc", "rollouts", "accuracy");
        double[] x = {0, 5000, 10000};
        c.band("uniform", x, new double[] {0.55, 0.57, 0.58}, new double[] {0.56, 0.60, 0.62});
        c.band("spo", x, new double[] {0.55, 0.59, 0.60}, new double[] {0.56, 0.63, 0.64});
        for (int i = 0; i < x.length; i++) {
            c.add("uniform", x[i], 0.555 + 0.02 * i);
            c.add("spo", x[i], 0.555 + 0.03 * i);
        }
        c.hline(0.587, "target 1: 0.587").hline(0.615, "target 2: 0.615");
        c.marker("uniform", 6912, 0.587, "uniform, target 1", false);
        c.marker("spo", 3328, 0.587, "spo, target 1", false);
        c.marker("uniform", 10000, 0.615, "uniform, target 2", true);
        return c;
    }

    @Test
    void oneBandOneLineAndOneColourPerSeries() {
        String svg = twoArms().render();
        assertThat(count(svg, "<path class=\"band\" data-series=\"uniform\"")).isEqualTo(1);
        assertThat(count(svg, "<path class=\"band\" data-series=\"spo\"")).isEqualTo(1);
        assertThat(count(svg, "<polyline class=\"series\"")).isEqualTo(2);
        SvgChart c = twoArms();
        assertThat(c.colorOf("uniform")).isEqualTo(Palette.color(0));
        assertThat(c.colorOf("spo")).isEqualTo(Palette.color(1));
        // the band is filled with its series' colour
        assertThat(svg)
                .contains("data-series=\"spo\" d=\"M")
                .containsPattern("data-series=\"spo\" d=\"[^\"]+Z\" fill=\"" + Palette.color(1));
        // a fixed colour wins over the palette
        assertThat(twoArms().color("spo", "#000000").render())
                .contains("stroke=\"#000000\" stroke-width=\"2\"");
    }

    @Test
    void targetsAreDashedLinesWithMarkersOnThem() {
        String svg = twoArms().render();
        assertThat(count(svg, "<line class=\"target\"")).isEqualTo(2);
        assertThat(svg).contains(">target 1: 0.587</text>").contains(">target 2: 0.615</text>");
        assertThat(count(svg, "<circle class=\"marker\"")).isEqualTo(3);
        // the censored marker is hollow: white fill, series-coloured ring
        assertThat(svg)
                .contains(
                        "fill=\"white\" stroke=\""
                                + Palette.color(0)
                                + "\" stroke-width=\"2\"><title>uniform, target 2");
    }

    @Test
    void axesHaveNiceTicksNotJustMinAndMax() {
        String svg = twoArms().render();
        // x: 0 .. 10 000 in steps of 2 000; y: 0.55 .. 0.64 (padded) in steps of 0.02
        for (String x : new String[] {"0", "2k", "4k", "6k", "8k", "10k"}) {
            assertThat(svg).contains("class=\"tick-x\"").contains(">" + x + "</text>");
        }
        assertThat(count(svg, "class=\"tick-x\"")).isEqualTo(6);
        for (String y : new String[] {"0.56", "0.58", "0.60", "0.62", "0.64"}) {
            assertThat(svg).contains(">" + y + "</text>");
        }
        assertThat(count(svg, "<line class=\"grid\""))
                .isEqualTo(6 + count(svg, "class=\"tick-y\""));
    }

    @Test
    void pointsAddedOutOfOrderAreDrawnAlongX() {
        String svg =
                new SvgChart("t", "x", "y").add("a", 2, 1).add("a", 0, 0).add("a", 1, 2).render();
        Matcher m = Pattern.compile("points=\"([^\"]+)\"").matcher(svg);
        assertThat(m.find()).isTrue();
        double last = Double.NEGATIVE_INFINITY;
        for (String xy : m.group(1).split(" ")) {
            double x = Double.parseDouble(xy.split(",")[0]);
            assertThat(x).isGreaterThan(last);
            last = x;
        }
    }

    @Test
    void emptyChartSaysSoAndBadInputFails() {
        assertThat(new SvgChart("t", "x", "y").render()).contains("no data");
        assertThatThrownBy(
                        () ->
                                new SvgChart("t", "x", "y")
                                        .band("a", new double[2], new double[1], new double[2]))
                .hasMessageContaining("band 'a'");
        assertThat(SvgChart.esc("a\"<b>&")).isEqualTo("a&quot;&lt;b&gt;&amp;");
    }
}
