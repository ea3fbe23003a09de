package dev.rivulet.algo.archfixture;

import org.apache.flink.api.common.functions.OpenContext;

/** Deliberately breaks the Flink-free rule so the architecture test can prove it would fail. */
public final class FlinkLeakingStrategy {

    /** Touches a Flink type, which no production class under dev.rivulet.algo may do. */
    public String describe(OpenContext context) {
        return String.valueOf(context);
    }
}
