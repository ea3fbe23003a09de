package dev.rivulet.server.metrics;

import dev.rivulet.protocol.error.PolicyErrorCode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The model server's metrics, registered in one {@link PrometheusRegistry}. The names are a
 * contract (alert rules use them): see {@code docs/model-server.md}.
 */
public final class ServerMetrics {

    /** Staleness buckets: policy versions between a rollout's generation and its training. */
    static final double[] STALENESS_BUCKETS = {0, 1, 2, 4, 8, 16};

    /** Latency buckets in seconds, 1 ms to 2 min. */
    static final double[] LATENCY_BUCKETS = {
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
    };

    private final PrometheusRegistry registry;
    final Counter generatedTokens;
    final Histogram generateSeconds;
    final Histogram trainSeconds;
    final Histogram trainStaleness;
    final Gauge policyVersion;
    final Gauge committedVersion;
    final Gauge loss;
    final Gauge entropy;
    final Gauge kl;
    final Gauge clipFraction;
    final Counter errors;

    /**
     * Registers every metric, the JVM metrics included, in {@code registry}; {@code queueDepth}
     * reports the calls waiting for the model, {@code ledgerInMemory} the rollout entries of the
     * ledger's in-memory window.
     */
    public ServerMetrics(
            PrometheusRegistry registry, IntSupplier queueDepth, LongSupplier ledgerInMemory) {
        this(registry, queueDepth, ledgerInMemory, () -> Double.NaN, () -> Double.NaN);
    }

    /**
     * As above, plus {@code klBeta} and {@code klReference}: the KL weight β and the k3 KL to the
     * reference of the last applied train step (not in the protocol's train result).
     */
    public ServerMetrics(
            PrometheusRegistry registry,
            IntSupplier queueDepth,
            LongSupplier ledgerInMemory,
            DoubleSupplier klBeta,
            DoubleSupplier klReference) {
        this(registry, queueDepth, ledgerInMemory, klBeta, klReference, null);
    }

    /**
     * As above, plus {@code trainSteps}, the learner's time inside training steps: {@code
     * rivulet_server_train_step_seconds_total} and {@code rivulet_server_learner_busy_fraction}
     * (not registered when null).
     */
    public ServerMetrics(
            PrometheusRegistry registry,
            IntSupplier queueDepth,
            LongSupplier ledgerInMemory,
            DoubleSupplier klBeta,
            DoubleSupplier klReference,
            TrainStepClock trainSteps) {
        this.registry = registry;
        if (trainSteps != null) {
            CounterWithCallback.builder()
                    .name("rivulet_server_train_step_seconds_total")
                    .help(
                            "Seconds inside training steps, after the model lock is taken (a"
                                    + " train call's latency also counts the wait for the lock).")
                    .callback(cb -> cb.call(trainSteps.stepSeconds()))
                    .register(registry);
            GaugeWithCallback.builder()
                    .name("rivulet_server_learner_busy_fraction")
                    .help(
                            "Share of the wall time since the server started spent inside"
                                    + " training steps.")
                    .callback(cb -> cb.call(trainSteps.busyFraction()))
                    .register(registry);
        }
        generatedTokens =
                Counter.builder()
                        .name("rivulet_server_generated_tokens_total")
                        .help("Tokens generated (rate() gives tokens per second).")
                        .register(registry);
        generateSeconds = latency("rivulet_server_generate_seconds", "Latency of a generate call.");
        trainSeconds = latency("rivulet_server_train_seconds", "Latency of a train call.");
        trainStaleness =
                Histogram.builder()
                        .name("rivulet_server_train_staleness")
                        .help(
                                "Policy-version lag of each trained rollout: the version it was"
                                        + " trained on minus the version that generated it.")
                        .classicOnly()
                        .classicUpperBounds(STALENESS_BUCKETS)
                        .register(registry);
        policyVersion = gauge("rivulet_server_policy_version", "Policy version now served.");
        committedVersion =
                gauge("rivulet_server_committed_version", "Newest committed policy version.");
        loss = gauge("rivulet_server_loss", "Loss of the last applied train batch.");
        entropy = gauge("rivulet_server_entropy", "Mean token entropy of the last train batch.");
        kl = gauge("rivulet_server_kl", "KL estimate to the behaviour policy, last train batch.");
        clipFraction =
                gauge(
                        "rivulet_server_clip_fraction",
                        "Clipped-token share of the last train batch.");
        GaugeWithCallback.builder()
                .name("rivulet_server_kl_beta")
                .help(
                        "Weight of the KL to the reference in the last applied train step (schedule).")
                .callback(cb -> cb.call(klBeta.getAsDouble()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("rivulet_server_kl_reference")
                .help("k3 KL to the frozen reference policy in the last applied train step.")
                .callback(cb -> cb.call(klReference.getAsDouble()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("rivulet_server_queue_depth")
                .help("Calls waiting for the model.")
                .callback(cb -> cb.call(queueDepth.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("rivulet_server_ledger_rollouts_in_memory")
                .help("Rollout entries in the ledger's in-memory window (older ones are archived).")
                .callback(cb -> cb.call(ledgerInMemory.getAsLong()))
                .register(registry);
        errors =
                Counter.builder()
                        .name("rivulet_server_errors_total")
                        .help("Failed service calls by policy error code.")
                        .labelNames("code")
                        .register(registry);
        for (PolicyErrorCode code : PolicyErrorCode.values()) {
            errors.labelValues(code.name()).inc(0);
        }
        JvmMetrics.builder().register(registry);
    }

    /** The registry holding the metrics (what the HTTP endpoint exposes). */
    public PrometheusRegistry registry() {
        return registry;
    }

    private Histogram latency(String name, String help) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
    }

    private Gauge gauge(String name, String help) {
        Gauge g = Gauge.builder().name(name).help(help).register(registry);
        g.set(Double.NaN);
        return g;
    }
}
