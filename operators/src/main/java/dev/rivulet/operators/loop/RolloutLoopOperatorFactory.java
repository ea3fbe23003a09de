package dev.rivulet.operators.loop;

import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/** Creates {@link RolloutLoopOperator}s with the task's mailbox executor. */
public final class RolloutLoopOperatorFactory extends AbstractStreamOperatorFactory<ScoredRollout>
        implements OneInputStreamOperatorFactory<Prompt, ScoredRollout> {

    private static final long serialVersionUID = 1L;

    private final RolloutLoopConfig config;

    public RolloutLoopOperatorFactory(RolloutLoopConfig config) {
        this.config = config;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<ScoredRollout>> T createStreamOperator(
            StreamOperatorParameters<ScoredRollout> parameters) {
        return (T) new RolloutLoopOperator(parameters, config);
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return RolloutLoopOperator.class;
    }
}
