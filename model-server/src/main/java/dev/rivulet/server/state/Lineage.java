package dev.rivulet.server.state;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Lineage tokens: random, so a restarted server never hands out a token that a batch sent to its
 * previous incarnation could name.
 */
final class Lineage {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Lineage() {}

    static String next() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
