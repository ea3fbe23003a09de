/**
 * Finding Flink-free strategies by id: factories, options and the {@code ServiceLoader} registry.
 */
package dev.rivulet.core.registry;
