/**
 * The model server as a running thing: {@link dev.rivulet.server.app.ModelServer#start} builds the
 * DJL service, wraps it in metrics, and serves it over Arrow Flight and a Prometheus endpoint.
 */
package dev.rivulet.server.app;
