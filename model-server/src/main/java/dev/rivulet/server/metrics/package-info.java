/** Prometheus metrics of the model server, recorded by a {@code PolicyService} decorator. */
package dev.rivulet.server.metrics;
