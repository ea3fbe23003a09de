package dev.rivulet.tools.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed colours of the charts (Tableau 10, readable on white and by most colour-blind readers):
 * the i-th series of a chart, or the i-th arm of a comparison, always gets the same colour.
 */
public final class Palette {

    private static final List<String> COLORS =
            List.of(
                    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                    "#7f7f7f", "#bcbd22", "#17becf");

    private Palette() {}

    /** The i-th colour (wrapping after ten). */
    public static String color(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("colour index must be >= 0, got " + i);
        }
        return COLORS.get(i % COLORS.size());
    }

    /** How many distinct colours there are before they repeat. */
    public static int size() {
        return COLORS.size();
    }

    /** One colour per name, in order: the first name gets {@code color(0)}. */
    public static Map<String, String> of(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            out.putIfAbsent(n, color(out.size()));
        }
        return out;
    }
}
