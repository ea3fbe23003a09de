package dev.rivulet.operators;

import dev.rivulet.operators.learner.LearnerConfig;
import dev.rivulet.operators.learner.LearnerSinkOperatorFactory;
import dev.rivulet.operators.loop.RolloutLoopConfig;
import dev.rivulet.operators.loop.RolloutLoopOperatorFactory;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.operators.telemetry.Telemetry;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires prompts → RolloutLoop (keyed by shard) → LearnerSink (keyed by learner), with stable uids;
 * the jobs and the ITCases build their graphs with it.
 */
public final class RolloutPipeline {

    /** The streams a pipeline exposes: rollouts, rollout telemetry and learner steps. */
    public record Streams(
            SingleOutputStreamOperator<ScoredRollout> rollouts,
            DataStream<RolloutEvent> rolloutEvents,
            SingleOutputStreamOperator<LearnerStepEvent> learnerSteps) {}

    private RolloutPipeline() {}

    public static Streams build(
            DataStream<Prompt> prompts, int shards, RolloutLoopConfig loop, LearnerConfig learner) {
        return build(prompts, shards, loop, learner, UnaryOperator.identity());
    }

    /**
     * Builds the pipeline; {@code between} may insert a step between loop and learner (tests use it
     * to inject a failure).
     */
    public static Streams build(
            DataStream<Prompt> prompts,
            int shards,
            RolloutLoopConfig loop,
            LearnerConfig learner,
            UnaryOperator<DataStream<ScoredRollout>> between) {
        int parallelism = Math.min(shards, prompts.getExecutionEnvironment().getParallelism());
        SingleOutputStreamOperator<ScoredRollout> rollouts =
                prompts.keyBy(new ShardKey(shards))
                        .transform(
                                "RolloutLoop",
                                TypeInformation.of(ScoredRollout.class),
                                new RolloutLoopOperatorFactory(loop))
                        .uid(Uids.ROLLOUT_LOOP)
                        .setParallelism(Math.max(1, parallelism));
        DataStream<RolloutEvent> events = rollouts.getSideOutput(Telemetry.ROLLOUTS);
        SingleOutputStreamOperator<LearnerStepEvent> steps =
                between.apply(rollouts)
                        .keyBy(r -> 0, TypeInformation.of(Integer.class))
                        .transform(
                                "LearnerSink",
                                TypeInformation.of(LearnerStepEvent.class),
                                new LearnerSinkOperatorFactory(learner))
                        .uid(Uids.LEARNER_SINK)
                        .setParallelism(1);
        return new Streams(rollouts, events, steps);
    }
}
