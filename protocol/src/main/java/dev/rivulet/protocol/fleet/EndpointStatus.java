package dev.rivulet.protocol.fleet;

/**
 * One generator's state in a {@link GeneratorPool}, for metrics and logs.
 *
 * @param address the generator's address
 * @param outstanding calls in flight on it
 * @param down whether it failed its last call as unavailable and has not answered since
 * @param failures unavailable answers in a row (0 when up)
 */
public record EndpointStatus(String address, int outstanding, boolean down, int failures) {}
