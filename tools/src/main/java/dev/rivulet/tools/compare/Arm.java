package dev.rivulet.tools.compare;

import java.util.Map;

/**
 * One algorithm arm: job options on top of the shared settings (the server's policy loss included,
 * as {@code rivulet.server.loss}).
 *
 * @param name arm name, e.g. {@code uniform-grpo}
 * @param options rivulet.* options this arm sets
 */
public record Arm(String name, Map<String, String> options) {

    public Arm {
        options = Map.copyOf(options);
    }
}
