package dev.rivulet.core.registry;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Immutable string options for one strategy, read through typed getters with defaults. */
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

    public int getInt(String key, int defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option '" + key + "' must be an integer, got '" + v + "'", e);
        }
    }

    public long getLong(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option '" + key + "' must be an integer, got '" + v + "'", e);
        }
    }

    public double getDouble(String key, double defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException(
                        "option '" + key + "' must be a number, got NaN");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option '" + key + "' must be a number, got '" + v + "'", e);
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(
                "option '" + key + "' must be true or false, got '" + v + "'");
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
