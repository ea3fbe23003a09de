package dev.rivulet.tools.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed colours of the charts (Tableau 20: the ten strong colours, readable on white and by
 * most colour-blind readers, then their ten light partners for compares of more than ten arms, such
 * as the seed-methods preset): the i-th series of a chart, or the i-th arm of a comparison, always
 * gets the same colour.
 */
public final class Palette {

    private static final List<String> COLORS =
            List.of(
                    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                    "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896",
                    "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5");

    private Palette() {}

    /** The i-th colour (wrapping after twenty). */
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
