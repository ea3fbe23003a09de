package dev.rivulet.server.app;

import dev.rivulet.protocol.flight.PolicyClient;
import java.util.Locale;

/**
 * What a model server process does ({@code serve --role}): {@code both} generates and trains (one
 * process, the default), {@code learner} trains and serves weights to generators, {@code generator}
 * only generates, on weights it pulls from the learner at {@code learnerHost:learnerPort}.
 *
 * @param kind the role
 * @param learnerHost the learner's host, for a generator (null otherwise)
 * @param learnerPort the learner's Flight port, for a generator
 * @param maxLag versions a generator's weights may be behind the learner before it fetches
 * @param learnerToken the bearer token of the learner, or null; never printed
 * @param learnerTls whether a generator connects to the learner with TLS
 * @param learnerTlsCa PEM certificates a generator trusts for the learner's certificate, or null
 *     for the JVM's trust store (only with {@code learnerTls})
 */
public record ServerRole(
        Kind kind,
        String learnerHost,
        int learnerPort,
        int maxLag,
        String learnerToken,
        boolean learnerTls,
        String learnerTlsCa) {

    /** The roles. */
    public enum Kind {
        /** Generates and trains in one process. */
        BOTH,
        /** Trains; owns versions, ledger and checkpoints; serves weights. */
        LEARNER,
        /** Generates on weights pulled from the learner. */
        GENERATOR;

        /** The role's name on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The default {@code max-lag}: a generator serves at most one version behind the learner. */
    public static final int DEFAULT_MAX_LAG = 1;

    public ServerRole {
        if (kind == null) {
            throw new IllegalArgumentException("role must be set");
        }
        if (maxLag < 0) {
            throw new IllegalArgumentException("max-lag must be >= 0, got " + maxLag);
        }
        if (kind == Kind.GENERATOR) {
            if (learnerHost == null || learnerHost.isBlank()) {
                throw new IllegalArgumentException(
                        "--role generator needs --learner HOST:PORT, the learner to pull weights"
                                + " from");
            }
            if (learnerPort <= 0 || learnerPort > 65535) {
                throw new IllegalArgumentException(
                        "--learner port must be in [1, 65535], got " + learnerPort);
            }
        } else if (learnerTls) {
            throw new IllegalArgumentException(
                    "--learner-tls and --learner-tls-ca are for --role generator; this server's"
                            + " role is "
                            + kind.id());
        }
        if (learnerTlsCa != null && !learnerTls) {
            throw new IllegalArgumentException("a learner CA is given but learner TLS is off");
        }
    }

    /** A role whose link to the learner (if any) is plaintext. */
    public ServerRole(
            Kind kind, String learnerHost, int learnerPort, int maxLag, String learnerToken) {
        this(kind, learnerHost, learnerPort, maxLag, learnerToken, false, null);
    }

    /**
     * This role connecting to its learner with TLS, trusting the PEM certificates {@code caPem}
     * (null: the JVM's trust store); refused for a role other than generator.
     */
    public ServerRole withLearnerTls(String caPem) {
        return new ServerRole(kind, learnerHost, learnerPort, maxLag, learnerToken, true, caPem);
    }

    /** The client options a generator reaches its learner with: its token, TLS as configured. */
    public PolicyClient.Options learnerClientOptions() {
        PolicyClient.Options o = PolicyClient.Options.defaults().withBearerToken(learnerToken);
        return learnerTls ? o.withTls(learnerTlsCa) : o;
    }

    /** Today's single process. */
    public static ServerRole both() {
        return new ServerRole(Kind.BOTH, null, 0, DEFAULT_MAX_LAG, null);
    }

    /**
     * The role of {@code serve --role ROLE --learner HOST:PORT --max-lag N}, each checked with a
     * message naming the bad value; {@code learner} is only read (and required) for a generator.
     */
    public static ServerRole parse(String role, String learner, int maxLag, String learnerToken) {
        Kind kind;
        try {
            kind = Kind.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "--role must be learner, generator or both, got '" + role + "'");
        }
        if (kind != Kind.GENERATOR) {
            if (learner != null) {
                throw new IllegalArgumentException(
                        "--learner is for --role generator; this server's role is " + kind.id());
            }
            return new ServerRole(kind, null, 0, maxLag, null);
        }
        if (learner == null || learner.isBlank()) {
            throw new IllegalArgumentException(
                    "--role generator needs --learner HOST:PORT, the learner to pull weights from");
        }
        int colon = learner.lastIndexOf(':');
        if (colon <= 0 || colon == learner.length() - 1) {
            throw new IllegalArgumentException(
                    "--learner '" + learner + "': expected HOST:PORT, e.g. 10.0.0.5:8815");
        }
        String host = learner.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(learner.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--learner '" + learner + "': the port is not a number");
        }
        return new ServerRole(kind, host, port, maxLag, learnerToken);
    }

    /** {@code host:port} of the learner, for messages. */
    public String learnerAddress() {
        return learnerHost + ":" + learnerPort;
    }

    /** Like the record's, with the token redacted. */
    @Override
    public String toString() {
        return kind == Kind.GENERATOR
                ? "generator[learner="
                        + learnerAddress()
                        + ", maxLag="
                        + maxLag
                        + ", learnerToken="
                        + (learnerToken == null ? "none" : "(redacted)")
                        + ", learnerTls="
                        + (!learnerTls ? "off" : learnerTlsCa == null ? "jvm-trust" : "pinned")
                        + "]"
                : kind.id();
    }
}
