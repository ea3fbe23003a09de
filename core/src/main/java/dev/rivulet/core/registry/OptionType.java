package dev.rivulet.core.registry;

/** The value type of one strategy option. */
public enum OptionType {
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer. */
    LONG,
    /** A finite floating-point number. */
    DOUBLE,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Free text. */
    STRING,
    /** One of a fixed list of lower-case words. */
    ENUM;

    /** The type's name in docs and messages, for example {@code double}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
