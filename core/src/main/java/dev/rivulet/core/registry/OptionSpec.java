package dev.rivulet.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One typed option of a strategy: its key, type, default (the paper's value), allowed range or
 * choices and a one-line description. {@link Registry#create} checks every given value against its
 * spec; factories read values through the typed getters ({@link #intValue} and friends).
 *
 * <p>Build specs with the {@code of...} methods and narrow numeric ones with {@link #atLeast},
 * {@link #above}, {@link #atMost} and {@link #below}, for example {@code
 * OptionSpec.ofDouble("clip", 0.0, "bound |A|; 0 disables").atLeast(0)}.
 *
 * @param key the option key, lower-case words joined by {@code -}
 * @param type the value type
 * @param defaultValue the default in canonical text form
 * @param range allowed numeric values ({@link Range#ANY} for other types)
 * @param choices the allowed words of an {@link OptionType#ENUM} option, empty otherwise
 * @param description one line on what the option does
 */
public record OptionSpec(
        String key,
        OptionType type,
        String defaultValue,
        Range range,
        List<String> choices,
        String description) {

    /** Checks that the spec is complete and that its default is itself a valid value. */
    public OptionSpec {
        if (key == null || key.isBlank() || type == null || defaultValue == null) {
            throw new IllegalArgumentException("an option spec needs a key, a type and a default");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("option '" + key + "' needs a description");
        }
        choices = List.copyOf(choices);
        if ((type == OptionType.ENUM) == choices.isEmpty()) {
            throw new IllegalArgumentException(
                    "option '" + key + "': choices are required for enum options and only there");
        }
        if (!range.isAny() && !isNumeric(type)) {
            throw new IllegalArgumentException(
                    "option '" + key + "': only numeric options take a range");
        }
        parse(key, type, range, choices, defaultValue);
    }

    /** An integer option. */
    public static OptionSpec ofInt(String key, int defaultValue, String description) {
        return new OptionSpec(
                key,
                OptionType.INT,
                Integer.toString(defaultValue),
                Range.ANY,
                List.of(),
                description);
    }

    /** A long integer option. */
    public static OptionSpec ofLong(String key, long defaultValue, String description) {
        return new OptionSpec(
                key,
                OptionType.LONG,
                Long.toString(defaultValue),
                Range.ANY,
                List.of(),
                description);
    }

    /** A finite floating-point option. */
    public static OptionSpec ofDouble(String key, double defaultValue, String description) {
        return new OptionSpec(
                key, OptionType.DOUBLE, format(defaultValue), Range.ANY, List.of(), description);
    }

    /** A {@code true}/{@code false} option. */
    public static OptionSpec ofBoolean(String key, boolean defaultValue, String description) {
        return new OptionSpec(
                key,
                OptionType.BOOLEAN,
                Boolean.toString(defaultValue),
                Range.ANY,
                List.of(),
                description);
    }

    /** A free-text option. */
    public static OptionSpec ofString(String key, String defaultValue, String description) {
        return new OptionSpec(
                key, OptionType.STRING, defaultValue, Range.ANY, List.of(), description);
    }

    /** An option taking one of {@code choices} (lower-case words; matched ignoring case). */
    public static OptionSpec ofEnum(
            String key, String defaultValue, List<String> choices, String description) {
        return new OptionSpec(key, OptionType.ENUM, defaultValue, Range.ANY, choices, description);
    }

    /**
     * An option taking the constants of a Java enum, written lower-case with {@code -} for {@code
     * _} (for example {@code ONE_SIDE} is {@code one-side}); read it with {@link #enumValue}.
     */
    public static <E extends Enum<E>> OptionSpec ofEnum(
            String key, E defaultValue, String description) {
        List<String> choices = new ArrayList<>();
        for (E e : defaultValue.getDeclaringClass().getEnumConstants()) {
            choices.add(word(e));
        }
        return ofEnum(key, word(defaultValue), choices, description);
    }

    /** Copy that also requires values {@code >= lo}. */
    public OptionSpec atLeast(double lo) {
        return withRange(range.withLo(lo, true));
    }

    /** Copy that also requires values {@code > lo}. */
    public OptionSpec above(double lo) {
        return withRange(range.withLo(lo, false));
    }

    /** Copy that also requires values {@code <= hi}. */
    public OptionSpec atMost(double hi) {
        return withRange(range.withHi(hi, true));
    }

    /** Copy that also requires values {@code < hi}. */
    public OptionSpec below(double hi) {
        return withRange(range.withHi(hi, false));
    }

    private OptionSpec withRange(Range r) {
        return new OptionSpec(key, type, defaultValue, r, choices, description);
    }

    /**
     * Parses and checks {@code raw}, returning its canonical text.
     *
     * @throws IllegalArgumentException naming the key, the type and the allowed values
     */
    public String check(String raw) {
        return parse(raw);
    }

    /**
     * Checks every option in {@code options} against {@code specs}: an unknown key, a value of the
     * wrong type or out of range fails with a message that starts with {@code owner} (for example
     * {@code "policy loss 'ppo-clip'"}) and names the key and what it allows.
     */
    public static void checkAll(String owner, List<OptionSpec> specs, StrategyOptions options) {
        Map<String, OptionSpec> byKey = new TreeMap<>();
        for (OptionSpec spec : specs) {
            byKey.put(spec.key(), spec);
        }
        TreeSet<String> unknown = new TreeSet<>(options.asMap().keySet());
        unknown.removeAll(byKey.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    owner
                            + " does not understand option(s) "
                            + unknown
                            + "; it takes "
                            + byKey.keySet());
        }
        for (Map.Entry<String, String> e : options.asMap().entrySet()) {
            try {
                byKey.get(e.getKey()).check(e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(owner + ": " + bad.getMessage(), bad);
            }
        }
    }

    /**
     * What the option accepts, for messages and docs: {@code double in [0, 1)}, {@code one of a,
     * b}.
     */
    public String allowed() {
        return allowed(type, range, choices);
    }

    private static String allowed(OptionType type, Range range, List<String> choices) {
        return switch (type) {
            case ENUM -> "one of " + String.join(", ", choices);
            case INT, LONG, DOUBLE ->
                    range.isAny()
                            ? (type == OptionType.INT ? "an " : "a ") + type.label()
                            : "a"
                                    + (type == OptionType.INT ? "n " : " ")
                                    + type.label()
                                    + " in "
                                    + range;
            case BOOLEAN -> "true or false";
            case STRING -> "text";
        };
    }

    /** The value of this int option in {@code options}, or its default. */
    public int intValue(StrategyOptions options) {
        require(OptionType.INT);
        return Integer.parseInt(parse(options.getString(key, defaultValue)));
    }

    /** The value of this long option in {@code options}, or its default. */
    public long longValue(StrategyOptions options) {
        require(OptionType.LONG);
        return Long.parseLong(parse(options.getString(key, defaultValue)));
    }

    /** The value of this double option in {@code options}, or its default. */
    public double doubleValue(StrategyOptions options) {
        require(OptionType.DOUBLE);
        return Double.parseDouble(parse(options.getString(key, defaultValue)));
    }

    /** The value of this boolean option in {@code options}, or its default. */
    public boolean booleanValue(StrategyOptions options) {
        require(OptionType.BOOLEAN);
        return Boolean.parseBoolean(parse(options.getString(key, defaultValue)));
    }

    /** The value of this string option, or the lower-case choice of an enum option. */
    public String stringValue(StrategyOptions options) {
        if (type != OptionType.STRING && type != OptionType.ENUM) {
            throw new IllegalStateException("option '" + key + "' is " + type.label());
        }
        return parse(options.getString(key, defaultValue));
    }

    /** The constant of {@code enumType} named by this enum option's value. */
    public <E extends Enum<E>> E enumValue(StrategyOptions options, Class<E> enumType) {
        String word = stringValue(options);
        for (E e : enumType.getEnumConstants()) {
            if (word(e).equals(word)) {
                return e;
            }
        }
        throw new IllegalStateException(
                "option '" + key + "': " + enumType.getSimpleName() + " has no constant " + word);
    }

    private void require(OptionType t) {
        if (type != t) {
            throw new IllegalStateException(
                    "option '" + key + "' is " + type.label() + ", not " + t.label());
        }
    }

    private String parse(String raw) {
        return parse(key, type, range, choices, raw);
    }

    private static String parse(
            String key, OptionType type, Range range, List<String> choices, String raw) {
        String s = raw.trim();
        try {
            return switch (type) {
                case INT ->
                        inRange(
                                key,
                                range,
                                Integer.parseInt(s),
                                Integer.toString(Integer.parseInt(s)));
                case LONG ->
                        inRange(key, range, Long.parseLong(s), Long.toString(Long.parseLong(s)));
                case DOUBLE -> {
                    double d = Double.parseDouble(s);
                    if (!Double.isFinite(d)) {
                        throw bad(key, type, range, choices, raw);
                    }
                    yield inRange(key, range, d, format(d));
                }
                case BOOLEAN -> {
                    String b = s.toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        throw bad(key, type, range, choices, raw);
                    }
                    yield b;
                }
                case STRING -> raw;
                case ENUM -> {
                    String w = s.toLowerCase(Locale.ROOT);
                    if (!choices.contains(w)) {
                        throw bad(key, type, range, choices, raw);
                    }
                    yield w;
                }
            };
        } catch (NumberFormatException e) {
            throw bad(key, type, range, choices, raw);
        }
    }

    private static String inRange(String key, Range range, double v, String canonical) {
        if (!range.contains(v)) {
            throw new IllegalArgumentException(
                    "option '" + key + "' must be in " + range + ", got " + canonical);
        }
        return canonical;
    }

    private static IllegalArgumentException bad(
            String key, OptionType type, Range range, List<String> choices, String raw) {
        return new IllegalArgumentException(
                "option '"
                        + key
                        + "' must be "
                        + allowed(type, range, choices)
                        + ", got '"
                        + raw
                        + "'");
    }

    private static boolean isNumeric(OptionType t) {
        return t == OptionType.INT || t == OptionType.LONG || t == OptionType.DOUBLE;
    }

    private static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A double as users write it: {@code 3} rather than {@code 3.0}, else Java's form. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
