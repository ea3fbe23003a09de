package dev.rivulet.core.registry;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable string options for one strategy; read them through the strategy's {@link OptionSpec}s,
 * which parse, check and default them.
 */
public final class StrategyOptions {

    private static final StrategyOptions EMPTY = new StrategyOptions(Map.of());

    private final Map<String, String> values;

    private StrategyOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Options from a map of key to value; the map is copied. */
    public static StrategyOptions of(Map<String, String> values) {
        return values.isEmpty() ? EMPTY : new StrategyOptions(values);
    }

    /** Options from alternating keys and values, for tests and code: {@code of("n", "8")}. */
    public static StrategyOptions of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("options need key/value pairs, got an odd count");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(map);
    }

    /**
     * Options from text such as {@code "clip=5;drop=balance"}: {@code key=value} pairs separated by
     * {@code ;}, blanks around keys and values ignored, empty parts skipped.
     *
     * @param what the setting the text comes from, named in errors
     * @throws IllegalArgumentException for a part without {@code =}, an empty key or a repeated key
     */
    public static StrategyOptions parse(String spec, String what) {
        Map<String, String> map = new TreeMap<>();
        for (String part : spec.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? "" : p.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(what + ": '" + p + "' is not key=value");
            }
            if (map.put(key, p.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException(what + ": key '" + key + "' is given twice");
            }
        }
        return of(map);
    }

    /** Copy with {@code key} set to {@code value}. */
    public StrategyOptions with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(key, value);
        return of(map);
    }

    public static StrategyOptions empty() {
        return EMPTY;
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getString(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrategyOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
