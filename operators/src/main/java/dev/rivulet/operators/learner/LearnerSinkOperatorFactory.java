package dev.rivulet.operators.learner;

import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.ScoredRollout;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/** Creates {@link LearnerSinkOperator}s with the task's mailbox executor. */
public final class LearnerSinkOperatorFactory
        extends AbstractStreamOperatorFactory<LearnerStepEvent>
        implements OneInputStreamOperatorFactory<ScoredRollout, LearnerStepEvent> {

    private static final long serialVersionUID = 1L;

    private final LearnerConfig config;

    public LearnerSinkOperatorFactory(LearnerConfig config) {
        this.config = config;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<LearnerStepEvent>> T createStreamOperator(
            StreamOperatorParameters<LearnerStepEvent> parameters) {
        return (T) new LearnerSinkOperator(parameters, config);
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return LearnerSinkOperator.class;
    }
}
