/** Benchmarks that print ratios measured side by side in one run. */
package dev.rivulet.tools.bench;
