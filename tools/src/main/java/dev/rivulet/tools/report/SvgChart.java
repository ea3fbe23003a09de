package dev.rivulet.tools.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart rendered as inline SVG (no plotting library needed in a static report):
 * several named series of (x, y) points, axes with min/max labels, a legend.
 */
public final class SvgChart {

    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"
    };
    private static final int W = 640;
    private static final int H = 300;
    private static final int PAD_L = 56;
    private static final int PAD_R = 150;
    private static final int PAD_T = 30;
    private static final int PAD_B = 40;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a point to a series (created on first use). Non-finite points are skipped. */
    public SvgChart add(String name, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    public boolean isEmpty() {
        return series.values().stream().allMatch(List::isEmpty);
    }

    /** The chart as an {@code <svg>} element. */
    public String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">",
                        W,
                        H));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                        PAD_L,
                        esc(title)));
        if (isEmpty()) {
            sb.append("<text x=\"60\" y=\"150\">no data</text></svg>");
            return sb.toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        int pw = W - PAD_L - PAD_R;
        int ph = H - PAD_T - PAD_B;
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                        PAD_L,
                        PAD_T,
                        pw,
                        ph));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                        PAD_L - 4,
                        PAD_T + 10,
                        num(maxY)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                        PAD_L - 4,
                        PAD_T + ph,
                        num(minY)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\">%s</text>",
                        PAD_L,
                        H - PAD_B + 14,
                        num(minX)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                        PAD_L + pw,
                        H - PAD_B + 14,
                        num(maxX)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        PAD_L + pw / 2,
                        H - 8,
                        esc(xLabel)));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>",
                        PAD_T + ph / 2,
                        PAD_T + ph / 2,
                        esc(yLabel)));
        int i = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                double x = PAD_L + (p[0] - minX) / (maxX - minX) * pw;
                double y = PAD_T + ph - (p[1] - minY) / (maxY - minY) * ph;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"%s\"/>",
                            color,
                            pts.toString().trim()));
            if (e.getValue().size() == 1) {
                String[] xy = pts.toString().trim().split(",");
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>",
                                xy[0],
                                xy[1],
                                color));
            }
            int ly = PAD_T + 12 + 16 * i;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                            W - PAD_R + 10,
                            ly - 9,
                            color));
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\">%s</text>",
                            W - PAD_R + 24,
                            ly,
                            esc(e.getKey())));
            i++;
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static String num(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
