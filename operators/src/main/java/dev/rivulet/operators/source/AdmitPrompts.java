package dev.rivulet.operators.source;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyClient;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;

/**
 * The job's admission step: asks the model server, one prompt per call, whether it can serve each
 * parsed prompt (a thin Flink adapter over {@link PromptAdmission}). Transient failures are retried
 * with exponential backoff; a refusal is an answer, never retried.
 */
public final class AdmitPrompts extends RichAsyncFunction<SourcedPrompt, AdmittedPrompt> {

    private static final long serialVersionUID = 1L;

    /** Concurrent admit calls per subtask. */
    public static final int CAPACITY = 32;

    private final PolicyEndpoint endpoint;
    private final PromptAdmission admission;
    private transient PolicyClient client;

    public AdmitPrompts(PolicyEndpoint endpoint, PromptAdmission admission) {
        this.endpoint = endpoint;
        this.admission = admission;
    }

    /**
     * {@code rows} admitted through this step: unordered, {@value #CAPACITY} calls in flight,
     * transient failures retried with backoff from 1 s to 30 s for up to about an hour.
     */
    public static SingleOutputStreamOperator<AdmittedPrompt> apply(
            DataStream<SourcedPrompt> rows, PolicyEndpoint endpoint, PromptAdmission admission) {
        var retry =
                new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<
                                AdmittedPrompt>(120, 1_000L, 30_000L, 2.0)
                        .ifException(new Transient())
                        .build();
        return AsyncDataStream.unorderedWaitWithRetry(
                rows, new AdmitPrompts(endpoint, admission), 1, TimeUnit.HOURS, CAPACITY, retry);
    }

    @Override
    public void open(OpenContext openContext) {
        client = PolicyClients.open(endpoint);
    }

    @Override
    public void asyncInvoke(SourcedPrompt row, ResultFuture<AdmittedPrompt> out) {
        admission
                .admit(client, row)
                .whenComplete(
                        (a, error) -> {
                            if (error != null) {
                                out.completeExceptionally(PromptAdmission.unwrap(error));
                            } else {
                                out.complete(List.of(a));
                            }
                        });
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    /** Retries every failure but a refusal (which {@link PromptAdmission} already answers). */
    static final class Transient implements Predicate<Throwable>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean test(Throwable t) {
            return !(PromptAdmission.unwrap(t) instanceof PolicyInvalidRequestException);
        }
    }
}
