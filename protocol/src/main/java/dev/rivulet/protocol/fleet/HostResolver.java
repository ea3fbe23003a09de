package dev.rivulet.protocol.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Finds the IP addresses of a host name (DNS in production, a map in tests). */
@FunctionalInterface
public interface HostResolver {

    /** Every address {@code host} resolves to, as text, in the resolver's order. */
    List<String> addresses(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName}). */
    static HostResolver system() {
        return host ->
                Arrays.stream(InetAddress.getAllByName(host))
                        .map(InetAddress::getHostAddress)
                        .toList();
    }
}
