package dev.rivulet.protocol.fleet;

import java.io.Serializable;
import java.util.Objects;

/**
 * The host and Flight port of one generation server.
 *
 * @param host a host name or an IP address (IPv6 without brackets)
 * @param port the Flight port, 1..65535
 */
public record GeneratorAddress(String host, int port) implements Serializable {

    public GeneratorAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("generator host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "generator port must be in 1..65535, got " + port + " for host " + host);
        }
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
