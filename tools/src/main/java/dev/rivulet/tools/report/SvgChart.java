package dev.rivulet.tools.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart rendered as inline SVG (no plotting library needed in a static report): named
 * series of (x, y) points in fixed {@link Palette} colours, optional shaded bands in a series'
 * colour, dashed horizontal reference lines (targets) and markers on them, axes with 1-2-5 {@link
 * NiceTicks}, grid lines and a legend.
 */
public final class SvgChart {

    private static final int PAD_L = 60;
    private static final int PAD_R = 180;
    private static final int PAD_T = 30;
    private static final int PAD_B = 44;

    /** A shaded area between lo and hi at each x, in the colour of series {@code name}. */
    private record Band(String name, double[] x, double[] lo, double[] hi) {}

    /** A dashed horizontal line across the plot with a label. */
    private record HLine(double y, String label) {}

    /** A marker at (x, y) in a series' colour; hollow for a censored (bound) value. */
    private record Marker(String name, double x, double y, String title, boolean hollow) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private int width = 640;
    private int height = 300;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private final Map<String, String> colors = new LinkedHashMap<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<HLine> hlines = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Sets the chart's size in pixels (default 640 × 300). */
    public SvgChart size(int width, int height) {
        if (width < PAD_L + PAD_R + 100 || height < PAD_T + PAD_B + 80) {
            throw new IllegalArgumentException(
                    "chart size " + width + "x" + height + " leaves no room for the plot");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Adds a point to a series (created on first use). Non-finite points are skipped. */
    public SvgChart add(String name, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    /**
     * Fixes a series' colour (else the {@link Palette} colour of its position); bands and markers
     * of that name use it too.
     */
    public SvgChart color(String name, String hex) {
        colors.put(name, hex);
        return this;
    }

    /**
     * A shaded band of series {@code name} between {@code lo[i]} and {@code hi[i]} at {@code x[i]}
     * (the spread over seeds around a mean curve, for example); points with a non-finite value are
     * left out.
     */
    public SvgChart band(String name, double[] x, double[] lo, double[] hi) {
        if (x.length != lo.length || x.length != hi.length) {
            throw new IllegalArgumentException(
                    "band '"
                            + name
                            + "' needs as many lo and hi values as x values, got "
                            + x.length
                            + ", "
                            + lo.length
                            + ", "
                            + hi.length);
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
                keep.add(i);
            }
        }
        if (!keep.isEmpty()) {
            bands.add(
                    new Band(
                            name,
                            keep.stream().mapToDouble(i -> x[i]).toArray(),
                            keep.stream().mapToDouble(i -> lo[i]).toArray(),
                            keep.stream().mapToDouble(i -> hi[i]).toArray()));
        }
        return this;
    }

    /** A dashed horizontal line at {@code y} (a target), labelled at its left end. */
    public SvgChart hline(double y, String label) {
        if (Double.isFinite(y)) {
            hlines.add(new HLine(y, label));
        }
        return this;
    }

    /**
     * A marker at (x, y) in the colour of series {@code name} with a tooltip; {@code hollow} marks
     * a value that is only a bound (a run that never reached a target).
     */
    public SvgChart marker(String name, double x, double y, String tooltip, boolean hollow) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            markers.add(new Marker(name, x, y, tooltip, hollow));
        }
        return this;
    }

    public boolean isEmpty() {
        return series.values().stream().allMatch(List::isEmpty) && bands.isEmpty();
    }

    /** The colour a series is drawn in. */
    public String colorOf(String name) {
        String c = colors.get(name);
        if (c != null) {
            return c;
        }
        List<String> names = new ArrayList<>(series.keySet());
        for (Band b : bands) {
            if (!names.contains(b.name())) {
                names.add(b.name());
            }
        }
        int i = names.indexOf(name);
        return Palette.color(i < 0 ? names.size() : i);
    }

    /** The chart as an {@code <svg>} element. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                f(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " font-family=\"sans-serif\" font-size=\"11\">",
                        width, height));
        sb.append(
                f(
                        "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                        PAD_L, esc(title)));
        if (isEmpty()) {
            sb.append(f("<text x=\"%d\" y=\"%d\">no data</text></svg>", PAD_L, height / 2));
            return sb.toString();
        }
        double[] ext = extent();
        if (ext[0] > 0 && ext[0] <= 0.25 * ext[1]) {
            // seconds and rollouts start near 0: an axis from 0 reads better than from 2.4
            ext[0] = 0;
        }
        double[] xr = NiceTicks.widen(ext[0], ext[1]);
        double[] yr = NiceTicks.widen(ext[2], ext[3]);
        // a little room above and below the data so lines do not run along the frame
        double yPad = (yr[1] - yr[0]) * 0.04;
        yr = new double[] {yr[0] - yPad, yr[1] + yPad};
        Axes ax =
                new Axes(xr[0], xr[1], yr[0], yr[1], width - PAD_L - PAD_R, height - PAD_T - PAD_B);
        axes(sb, ax, NiceTicks.of(xr[0], xr[1]), NiceTicks.of(yr[0], yr[1]));
        for (Band b : bands) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < b.x().length; i++) {
                d.append(i == 0 ? "M" : "L").append(xy(ax, b.x()[i], b.hi()[i]));
            }
            for (int i = b.x().length - 1; i >= 0; i--) {
                d.append("L").append(xy(ax, b.x()[i], b.lo()[i]));
            }
            sb.append(
                    f(
                            "<path class=\"band\" data-series=\"%s\" d=\"%sZ\" fill=\"%s\""
                                    + " fill-opacity=\"0.18\" stroke=\"none\"/>",
                            esc(b.name()), d, colorOf(b.name())));
        }
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String color = colorOf(e.getKey());
            StringBuilder pts = new StringBuilder();
            // telemetry rows arrive in file order, not time order: draw every series along x
            List<double[]> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingDouble(p -> p[0]));
            for (double[] p : sorted) {
                pts.append(xy(ax, p[0], p[1]).replace(' ', ',')).append(' ');
            }
            sb.append(
                    f(
                            "<polyline class=\"series\" data-series=\"%s\" fill=\"none\""
                                    + " stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                            esc(e.getKey()), color, pts.toString().trim()));
            if (e.getValue().size() == 1) {
                double[] p = e.getValue().get(0);
                sb.append(
                        f(
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                                ax.px(p[0]), ax.py(p[1]), color));
            }
        }
        targets(sb, ax, legend(sb, ax));
        for (Marker m : markers) {
            String color = colorOf(m.name());
            sb.append(
                    f(
                            "<line class=\"marker-drop\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
                                    + " y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"2 3\"/>",
                            ax.px(m.x()), ax.py(m.y()), ax.px(m.x()), PAD_T + ax.h(), color));
            sb.append(
                    f(
                            "<circle class=\"marker\" data-series=\"%s\" cx=\"%.1f\" cy=\"%.1f\""
                                    + " r=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\">"
                                    + "<title>%s</title></circle>",
                            esc(m.name()),
                            ax.px(m.x()),
                            ax.py(m.y()),
                            m.hollow() ? "white" : color,
                            m.hollow() ? color : "white",
                            esc(m.title())));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /** Data extent over series, bands, reference lines and markers: minX, maxX, minY, maxY. */
    private double[] extent() {
        double[] e = {
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY
        };
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                grow(e, p[0], p[1], p[1]);
            }
        }
        for (Band b : bands) {
            for (int i = 0; i < b.x().length; i++) {
                grow(e, b.x()[i], b.lo()[i], b.hi()[i]);
            }
        }
        for (Marker m : markers) {
            grow(e, m.x(), m.y(), m.y());
        }
        for (HLine h : hlines) {
            e[2] = Math.min(e[2], h.y());
            e[3] = Math.max(e[3], h.y());
        }
        return e;
    }

    private static void grow(double[] e, double x, double lo, double hi) {
        e[0] = Math.min(e[0], x);
        e[1] = Math.max(e[1], x);
        e[2] = Math.min(e[2], lo);
        e[3] = Math.max(e[3], hi);
    }

    /** Pixel mapping of the plot area. */
    private record Axes(double x0, double x1, double y0, double y1, int w, int h) {
        double px(double x) {
            return PAD_L + (x - x0) / (x1 - x0) * w;
        }

        double py(double y) {
            return PAD_T + h - (y - y0) / (y1 - y0) * h;
        }
    }

    private static String xy(Axes ax, double x, double y) {
        return f("%.1f %.1f", ax.px(x), ax.py(y));
    }

    private void axes(StringBuilder sb, Axes ax, NiceTicks xt, NiceTicks yt) {
        sb.append(
                f(
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                                + " stroke=\"#999\"/>",
                        PAD_L, PAD_T, ax.w(), ax.h()));
        for (double v : xt.values()) {
            double x = ax.px(v);
            sb.append(
                    f(
                            "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                                    + " stroke=\"#e5e5e5\"/>",
                            x, PAD_T, x, PAD_T + ax.h()));
            sb.append(
                    f(
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>",
                            x, PAD_T + ax.h(), x, PAD_T + ax.h() + 4));
            sb.append(
                    f(
                            "<text class=\"tick-x\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                            x, PAD_T + ax.h() + 16, esc(xt.label(v))));
        }
        for (double v : yt.values()) {
            double y = ax.py(v);
            sb.append(
                    f(
                            "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                                    + " stroke=\"#e5e5e5\"/>",
                            PAD_L, y, PAD_L + ax.w(), y));
            sb.append(
                    f(
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>",
                            PAD_L - 4, y, PAD_L, y));
            sb.append(
                    f(
                            "<text class=\"tick-y\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                            PAD_L - 6, y + 4, esc(yt.label(v))));
        }
        sb.append(
                f(
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        PAD_L + ax.w() / 2, height - 8, esc(xLabel)));
        sb.append(
                f(
                        "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\""
                                + " text-anchor=\"middle\">%s</text>",
                        PAD_T + ax.h() / 2, PAD_T + ax.h() / 2, esc(yLabel)));
    }

    /**
     * Reference lines across the plot, labelled in the right margin at their height (inside the
     * plot a label would hide the curves and markers near it); labels keep 13 px apart and out of
     * the legend's block.
     */
    private void targets(StringBuilder sb, Axes ax, int[] legendBlock) {
        List<HLine> sorted = new ArrayList<>(hlines);
        sorted.sort(Comparator.comparingDouble(HLine::y).reversed());
        double last = Double.NEGATIVE_INFINITY;
        for (HLine h : sorted) {
            double y = ax.py(h.y());
            sb.append(
                    f(
                            "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                                    + " stroke=\"#333\" stroke-width=\"1.2\""
                                    + " stroke-dasharray=\"6 4\"/>",
                            PAD_L, y, PAD_L + ax.w(), y));
            double ly = Math.max(y + 4, last + 13);
            if (ly > legendBlock[0] - 4 && ly < legendBlock[1] + 13) {
                ly = legendBlock[1] + 13;
            }
            sb.append(
                    f(
                            "<text class=\"target-label\" x=\"%d\" y=\"%.1f\" fill=\"#333\">%s</text>",
                            PAD_L + ax.w() + 6, ly, esc(h.label())));
            last = ly;
        }
    }

    /**
     * One entry per series in the right margin: from the top, or from the bottom of the plot when
     * target labels need the margin at their heights; returns the block's first and last baseline.
     */
    private int[] legend(StringBuilder sb, Axes ax) {
        List<String> names = new ArrayList<>(series.keySet());
        for (Band b : bands) {
            if (!names.contains(b.name())) {
                names.add(b.name());
            }
        }
        int top = hlines.isEmpty() ? PAD_T + 12 : PAD_T + ax.h() - 4 - 16 * (names.size() - 1);
        int i = 0;
        for (String name : names) {
            int ly = top + 16 * i++;
            sb.append(
                    f(
                            "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"14\" height=\"4\""
                                    + " fill=\"%s\"/>",
                            width - PAD_R + 12, ly - 6, colorOf(name)));
            sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>", width - PAD_R + 32, ly, esc(name)));
        }
        return new int[] {top, top + 16 * Math.max(0, names.size() - 1)};
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Escapes text for HTML and SVG content and attribute values. */
    public static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
