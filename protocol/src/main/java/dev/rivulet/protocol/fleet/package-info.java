/**
 * The client side of a fleet of generation servers (issue 17): generator addresses (a list or a DNS
 * name), one endpoint per generator, and the {@link dev.rivulet.protocol.fleet.GeneratorPool} that
 * spreads generate calls over them, fails over from a generator that became unavailable and probes
 * it again after a backoff, and the {@link dev.rivulet.protocol.fleet.FleetRefresher} that keeps
 * the pool's members in step with the DNS names while it runs. Flink-free, so the RolloutLoop
 * adapts it and tests run without a cluster.
 */
package dev.rivulet.protocol.fleet;
