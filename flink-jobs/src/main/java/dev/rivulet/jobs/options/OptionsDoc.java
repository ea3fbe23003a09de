package dev.rivulet.jobs.options;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

/**
 * Renders every Rivulet option as a Markdown table (docs/configuration.md is generated from this
 * and a test keeps it complete).
 */
public final class OptionsDoc {

    /** Every options class, in the order the doc lists them. */
    public static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    SourceOptions.class,
                    LoopOptions.class,
                    LearnerOptions.class,
                    ServerOptions.class,
                    EvalOptions.class,
                    TelemetryOptions.class);

    private OptionsDoc() {}

    /** Every option of every options class. */
    public static List<ConfigOption<?>> allOptions() {
        return OPTION_CLASSES.stream().flatMap(c -> optionsOf(c).stream()).toList();
    }

    static List<ConfigOption<?>> optionsOf(Class<?> type) {
        return java.util.Arrays.stream(type.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()))
                .filter(f -> ConfigOption.class.isAssignableFrom(f.getType()))
                .map(OptionsDoc::read)
                .toList();
    }

    private static ConfigOption<?> read(Field f) {
        try {
            return (ConfigOption<?>) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read option field " + f, e);
        }
    }

    /** The whole Markdown page. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration\n\n");
        sb.append(
                "Generated from the `ConfigOption`s in `dev.rivulet.jobs.options` by `OptionsDoc`;\n");
        sb.append("`OptionsDocTest` fails when this page and the code disagree. Regenerate with\n");
        sb.append(
                "`mvn -pl flink-jobs test -Dtest=OptionsDocTest -Drivulet.regenerate-docs=true`.\n");
        sb.append(
                "Set options in a YAML file passed with `--config`, or as Flink configuration.\n");
        HtmlFormatter fmt = new HtmlFormatter();
        for (Class<?> c : OPTION_CLASSES) {
            sb.append("\n## ").append(c.getSimpleName()).append("\n\n");
            sb.append("| key | type | default | description |\n|---|---|---|---|\n");
            for (ConfigOption<?> o : optionsOf(c)) {
                String type =
                        o.hasDefaultValue() ? o.defaultValue().getClass().getSimpleName() : "";
                String def = o.hasDefaultValue() ? String.valueOf(o.defaultValue()) : "(none)";
                if (def.isEmpty()) {
                    def = "(empty)";
                }
                sb.append("| `")
                        .append(o.key())
                        .append("` | ")
                        .append(type)
                        .append(" | `")
                        .append(def.replace("|", "\\|"))
                        .append("` | ")
                        .append(fmt.format(o.description()).replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return sb.toString();
    }
}
