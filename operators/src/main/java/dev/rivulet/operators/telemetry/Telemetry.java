package dev.rivulet.operators.telemetry;

import org.apache.flink.util.OutputTag;

/** The side-output tags operators emit telemetry on. */
public final class Telemetry {

    public static final OutputTag<RolloutEvent> ROLLOUTS =
            new OutputTag<>(
                    "rollouts",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(RolloutEvent.class));

    private Telemetry() {}
}
