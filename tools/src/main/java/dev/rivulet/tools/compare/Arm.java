package dev.rivulet.tools.compare;

import java.util.Map;

/**
 * One algorithm arm: job options on top of the shared settings, and the server's policy loss.
 *
 * @param name arm name, e.g. {@code uniform-grpo}
 * @param options rivulet.* options this arm sets
 * @param loss the model server's policy-loss id
 */
public record Arm(String name, Map<String, String> options, String loss) {

    public Arm {
        options = Map.copyOf(options);
    }
}
