/** Throughput measurements of generation and learning (run by hand, never by the test suite). */
package dev.rivulet.server.bench;
