package dev.rivulet.server.io;

import java.util.List;

/**
 * Named float arrays read from an {@link ArrayFiles} file.
 *
 * @param header the long value stored with them (e.g. an optimizer step)
 * @param names array names in file order
 * @param values the arrays
 */
public record NamedArrays(long header, List<String> names, float[][] values) {}
