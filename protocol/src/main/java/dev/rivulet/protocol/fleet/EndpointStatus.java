package dev.rivulet.protocol.fleet;

/**
 * One generator's state in a {@link GeneratorPool}, for metrics and logs.
 *
 * @param address the generator's address
 * @param outstanding calls in flight on it
 * @param down whether it failed its last call as unavailable and has not answered since
 * @param failures unavailable answers in a row (0 when up)
 * @param retiring whether its address left the fleet: it takes no new calls and is closed once its
 *     calls in flight have ended
 */
public record EndpointStatus(
        String address, int outstanding, boolean down, int failures, boolean retiring) {

    /** The state of a generator that is still a member of the fleet. */
    public EndpointStatus(String address, int outstanding, boolean down, int failures) {
        this(address, outstanding, down, failures, false);
    }
}
