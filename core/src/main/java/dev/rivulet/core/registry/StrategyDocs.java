package dev.rivulet.core.registry;

import java.util.List;

/**
 * Renders the strategies of some registries as a Markdown reference page: one section per family,
 * one sub-section per id with its description and a table of its options (type, default, allowed
 * values, description).
 */
public final class StrategyDocs {

    private StrategyDocs() {}

    /**
     * The page: {@code header} (title and introduction, written as given) followed by one section
     * per registry, in the given order.
     */
    public static String markdown(String header, List<Registry<?, ?>> registries) {
        StringBuilder md = new StringBuilder(header.strip()).append("\n");
        for (Registry<?, ?> registry : registries) {
            md.append("\n## ").append(registry.family()).append("\n\n");
            md.append("Ids: ")
                    .append(
                            String.join(
                                    ", ", registry.ids().stream().map(i -> "`" + i + "`").toList()))
                    .append(".\n");
            for (StrategyFactory<?> f : registry.factories()) {
                md.append("\n### `").append(f.id()).append("`\n\n");
                md.append(cell(f.description())).append("\n");
                if (f.options().isEmpty()) {
                    md.append("\nNo options.\n");
                    continue;
                }
                md.append("\n").append(optionTable(f.options()));
            }
        }
        return md.toString();
    }

    /** A Markdown table of {@code specs}: option, type, default, allowed values, description. */
    public static String optionTable(List<OptionSpec> specs) {
        StringBuilder md =
                new StringBuilder("| option | type | default | allowed | description |\n");
        md.append("|---|---|---|---|---|\n");
        for (OptionSpec o : specs) {
            md.append("| `")
                    .append(o.key())
                    .append("` | ")
                    .append(o.type().label())
                    .append(" | `")
                    .append(cell(o.defaultValue()))
                    .append("` | ")
                    .append(cell(o.allowed()))
                    .append(" | ")
                    .append(cell(o.description()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
