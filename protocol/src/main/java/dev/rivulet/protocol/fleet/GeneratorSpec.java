package dev.rivulet.protocol.fleet;

import java.io.Serializable;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the generators are, as configured: a comma-separated list of entries, each {@code
 * host:port} (one generator) or {@code dns:///name:port} (one generator per address the name
 * resolves to, e.g. a Kubernetes headless Service). IPv6 hosts go in brackets ({@code [::1]:8815}).
 * Parsing checks the syntax only; {@link #resolve} asks DNS, so a name is resolved where the pool
 * opens (on the TaskManager), not where the job is built.
 *
 * @param entries the parsed entries, in the configured order
 */
public record GeneratorSpec(List<Entry> entries) implements Serializable {

    /** The prefix of an entry to resolve through DNS. */
    public static final String DNS_PREFIX = "dns:///";

    /**
     * One configured entry.
     *
     * @param address the host and port as written
     * @param dns whether the host is a name to expand into all its addresses
     */
    public record Entry(GeneratorAddress address, boolean dns) implements Serializable {

        @Override
        public String toString() {
            return dns ? DNS_PREFIX + address : address.toString();
        }
    }

    public GeneratorSpec {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a generator spec needs at least one entry");
        }
    }

    /**
     * Parses {@code text}; a malformed entry fails with a message that names it.
     *
     * @throws IllegalArgumentException on an empty spec, an empty, malformed or repeated entry
     */
    public static GeneratorSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "no generator addresses given (expected host:port,host:port or "
                            + DNS_PREFIX
                            + "name:port)");
        }
        String[] parts = text.split(",", -1);
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String raw = parts[i].trim();
            if (raw.isEmpty()) {
                throw new IllegalArgumentException(
                        "generator entry " + (i + 1) + " of '" + text + "' is empty");
            }
            Entry e = entry(raw);
            if (!seen.add(e.toString())) {
                throw new IllegalArgumentException(
                        "generator entry '" + raw + "' is given twice in '" + text + "'");
            }
            out.add(e);
        }
        return new GeneratorSpec(out);
    }

    /** A spec of the single generator {@code address}. */
    public static GeneratorSpec single(GeneratorAddress address) {
        return new GeneratorSpec(List.of(new Entry(address, false)));
    }

    private static Entry entry(String raw) {
        boolean dns = raw.startsWith(DNS_PREFIX);
        String hostPort = dns ? raw.substring(DNS_PREFIX.length()) : raw;
        if (hostPort.contains("/")) {
            throw bad(raw, "not host:port (a URL? only " + DNS_PREFIX + " may prefix an entry)");
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                throw bad(raw, "an IPv6 host must be written [address]:port");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw bad(raw, "no port (expected host:port)");
            }
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(raw, "an IPv6 host must be written [address]:port");
            }
        }
        if (host.isBlank()) {
            throw bad(raw, "no host");
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw bad(raw, "host '" + host + "' is not a host name or address");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(raw, "port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw bad(raw, "port " + p + " is not in 1..65535");
        }
        return new Entry(new GeneratorAddress(host, p), dns);
    }

    private static IllegalArgumentException bad(String raw, String why) {
        return new IllegalArgumentException("bad generator address '" + raw + "': " + why);
    }

    /**
     * The generators: each plain entry as written, each DNS entry expanded into one address per IP
     * its name resolves to (with the entry's port), in order, without repeats.
     *
     * @throws UnknownHostException when a DNS entry does not resolve, or resolves to nothing; the
     *     message names the entry
     */
    public List<GeneratorAddress> resolve(HostResolver resolver) throws UnknownHostException {
        Set<GeneratorAddress> out = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (!e.dns()) {
                out.add(e.address());
                continue;
            }
            List<String> ips;
            try {
                ips = resolver.addresses(e.address().host());
            } catch (UnknownHostException ex) {
                UnknownHostException named =
                        new UnknownHostException(
                                "generator entry '" + e + "' does not resolve: " + ex.getMessage());
                named.initCause(ex);
                throw named;
            }
            if (ips.isEmpty()) {
                throw new UnknownHostException(
                        "generator entry '" + e + "' resolves to no address");
            }
            for (String ip : ips) {
                out.add(new GeneratorAddress(ip, e.address().port()));
            }
        }
        return List.copyOf(out);
    }

    /** Whether an entry is a DNS name, whose addresses may change while the job runs. */
    public boolean hasDns() {
        return entries.stream().anyMatch(Entry::dns);
    }

    /** The spec as it would be written in configuration. */
    @Override
    public String toString() {
        return String.join(",", entries.stream().map(Entry::toString).toList());
    }
}
