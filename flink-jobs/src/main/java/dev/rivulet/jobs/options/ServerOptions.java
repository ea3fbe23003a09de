package dev.rivulet.jobs.options;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** How the job reaches the model server. */
public final class ServerOptions {

    public static final ConfigOption<String> ADDRESS =
            ConfigOptions.key("rivulet.server.address")
                    .stringType()
                    .defaultValue("127.0.0.1:8815")
                    .withDescription("host:port of the model server's Flight endpoint.");

    public static final ConfigOption<String> GENERATORS =
            ConfigOptions.key("rivulet.server.generators")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "The generation servers of a fleet (issue 17): 'host:port,host:port',"
                                    + " or 'dns:///name:port' for every address a DNS name (a"
                                    + " headless Service) resolves to; entries may be mixed. Empty:"
                                    + " the one server of rivulet.server.address. When set, the"
                                    + " RolloutLoop sends its generate calls to the generator with"
                                    + " the fewest outstanding calls, re-issues the calls of one"
                                    + " that fails to the others and retries it with backoff;"
                                    + " version checks and rescoring go to rivulet.server.learner.");

    public static final ConfigOption<Duration> GENERATORS_REFRESH =
            ConfigOptions.key("rivulet.server.generators-refresh")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How often the RolloutLoop resolves the 'dns:///' entries of"
                                    + " rivulet.server.generators again while the job runs; 0:"
                                    + " never (resolved once, when the loop opens). A new address"
                                    + " (the generator Deployment scaled up) takes calls at once;"
                                    + " a vanished one takes no new calls, finishes those in"
                                    + " flight and is closed. A lookup that fails or finds nothing"
                                    + " keeps the generators. host:port entries never change.");

    public static final ConfigOption<String> LEARNER =
            ConfigOptions.key("rivulet.server.learner")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "host:port of the learner of a fleet (issue 17): the LearnerSink's"
                                    + " train and commit calls and the RolloutLoop's version checks"
                                    + " and rescoring go there. Empty: rivulet.server.address.");

    public static final ConfigOption<String> TOKEN_FILE =
            ConfigOptions.key("rivulet.server.token-file")
                    .stringType()
                    .defaultValue("")
                    .withDescription("File holding the bearer token; empty for none.");

    public static final ConfigOption<Boolean> TLS =
            ConfigOptions.key("rivulet.server.tls")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Call the model server over TLS (a server started with `rivulet serve"
                                    + " --tls-cert FILE --tls-key FILE`).");

    public static final ConfigOption<String> TLS_CA =
            ConfigOptions.key("rivulet.server.tls-ca")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "PEM file of the certificates to trust over TLS (the server's"
                                    + " self-signed certificate or its CA), read where the job is"
                                    + " built; empty trusts the JVM's default trust store. Needs"
                                    + " rivulet.server.tls=true.");

    public static final ConfigOption<Duration> DEADLINE =
            ConfigOptions.key("rivulet.server.deadline")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(120))
                    .withDescription("Deadline of one call to the model server.");

    public static final ConfigOption<Integer> RETRIES =
            ConfigOptions.key("rivulet.server.retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Retries of a call that failed with a transient error.");

    public static final ConfigOption<String> LOSS =
            ConfigOptions.key("rivulet.server.loss")
                    .stringType()
                    .defaultValue("ppo-clip")
                    .withDescription(
                            "Policy loss of an in-process model server (train, demo, compare); ids"
                                    + " and their options are listed in docs/strategies.md. A"
                                    + " standalone server takes `rivulet serve --loss`.");

    public static final ConfigOption<String> LOSS_OPTIONS =
            ConfigOptions.key("rivulet.server.loss-options")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Options of that loss as 'key=value;...', e.g."
                                    + " 'eps-low=0.2;eps-high=0.28;dual-clip=3' (the defaults);"
                                    + " `rivulet serve --loss-option key=value` for a standalone"
                                    + " server.");

    public static final ConfigOption<String> OPTIMIZER_OPTIONS =
            ConfigOptions.key("rivulet.server.optimizer-options")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Optimiser options of an in-process model server as 'key=value;...':"
                                    + " beta1 (0.9), beta2 (0.999), epsilon (1e-8), weight-decay"
                                    + " (0.01), max-grad-norm (1), kl-beta (0, the weight of the"
                                    + " KL to the starting policy), kl-schedule (constant, linear"
                                    + " or cosine from kl-beta to kl-beta-end over kl-steps"
                                    + " learner steps); `rivulet serve"
                                    + " --optimizer-option key=value` for a standalone server.");

    private ServerOptions() {}
}
