package dev.rivulet.operators.telemetry;

import org.apache.flink.util.OutputTag;

/** The side-output tags operators emit telemetry on. */
public final class Telemetry {

    public static final OutputTag<RolloutEvent> ROLLOUTS =
            new OutputTag<>(
                    "rollouts",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(RolloutEvent.class));

    /** Prompts the model server refused (invalid request): they left the pool as dead letters. */
    public static final OutputTag<DeadLetterEvent> REFUSED_PROMPTS =
            new OutputTag<>(
                    "refused-prompts",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetterEvent.class));

    private Telemetry() {}
}
