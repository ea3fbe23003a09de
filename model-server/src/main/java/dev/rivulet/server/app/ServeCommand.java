package dev.rivulet.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.flight.TlsFiles;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.service.ModelFootprint;
import dev.rivulet.server.service.ServiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `rivulet serve`: runs the model server (Arrow Flight + Prometheus endpoint) as its own process
 * until it is stopped (SIGINT/SIGTERM), printing one JSON line once it serves.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Run the model server (Arrow Flight + Prometheus endpoint) as its own process.")
public final class ServeCommand implements Callable<Integer> {

    /**
     * The model server alone, without the rest of the command line: {@code java -cp ...
     * dev.rivulet.server.app.ServeCommand --port 8815}; what a server image and the chaos runs
     * start.
     */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
    }

    @Option(names = "--host", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Flight port; 0 picks one (default: ${DEFAULT-VALUE}).")
    int port = 8815;

    @Option(
            names = "--token-file",
            description = "File holding the bearer token every call must carry (default: none).")
    Path tokenFile;

    @Option(
            names = "--token-env",
            description =
                    "Environment variable holding the bearer token, instead of --token-file (for"
                            + " a Kubernetes Secret given as env; default: none).")
    String tokenEnv;

    @Option(
            names = "--allow-unauthenticated",
            description =
                    "Serve on a non-loopback --host without a token. Without it such a server"
                            + " refuses to start.")
    boolean allowUnauthenticated;

    /** Where {@code --token-env} is looked up; tests replace it. */
    java.util.function.UnaryOperator<String> environment = System::getenv;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description =
                    "PEM certificate chain: the Flight endpoint serves TLS (with --tls-key; default:"
                            + " plaintext).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "PEM private key (PKCS#8, unencrypted) of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--role",
            description =
                    "learner (trains, owns versions and checkpoints, serves weights), generator"
                            + " (generates on weights pulled from --learner) or both (one process"
                            + " that does both) (default: ${DEFAULT-VALUE}).")
    String role = "both";

    @Option(
            names = "--learner",
            paramLabel = "HOST:PORT",
            description = "The learner a --role generator pulls weights from.")
    String learner;

    @Option(
            names = "--max-lag",
            description =
                    "Versions a generator's weights may be behind the learner's; further behind,"
                            + " it fetches before it generates (default: ${DEFAULT-VALUE}).")
    int maxLag = ServerRole.DEFAULT_MAX_LAG;

    @Option(
            names = "--learner-token-env",
            description =
                    "Environment variable holding the learner's bearer token, for a generator"
                            + " (default: none).")
    String learnerTokenEnv;

    @Option(
            names = "--learner-token-file",
            description =
                    "File holding the learner's bearer token, for a generator (default: none).")
    Path learnerTokenFile;

    @Option(
            names = "--learner-tls",
            description =
                    "A generator connects to --learner with TLS, verifying the learner's"
                            + " certificate with the JVM's trust store.")
    boolean learnerTls;

    @Option(
            names = "--learner-tls-ca",
            paramLabel = "FILE",
            description =
                    "PEM CA bundle a generator verifies the learner's certificate with (implies"
                            + " --learner-tls; default: the JVM's trust store).")
    Path learnerTlsCa;

    @Option(
            names = "--fault-poison-batch",
            hidden = true,
            description =
                    "Fault injection for rivulet chaos: the N-th distinct train batch fails on"
                            + " every attempt (default: 0, none).")
    int poisonBatch;

    @Option(
            names = "--checkpoint-dir",
            description =
                    "Commits write durable checkpoints here; a start restores the newest one.")
    Path checkpointDir;

    @Option(
            names = "--device",
            description = "cpu, gpu or auto (GPU when DJL sees one) (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(
            names = "--model-size",
            description =
                    "tiny, small or medium (default: the stored shape of the checkpoint or"
                            + " --model-dir, else small).")
    String modelSize;

    @Option(
            names = {"--model", "--model-dir"},
            description =
                    "Hugging Face model directory to start from when --checkpoint-dir holds no"
                            + " checkpoint (config.json, *.safetensors, tokenizer.json,"
                            + " tokenizer_config.json; llama, qwen2 or qwen3); default: a fresh"
                            + " --model-size model over the character vocabulary.")
    Path modelDir;

    @Option(names = "--loss", description = "Policy loss id (default: ${DEFAULT-VALUE}).")
    String loss = "ppo-clip";

    @Option(
            names = "--loss-option",
            description =
                    "An option of the loss as key=value, repeatable, e.g. --loss-option"
                            + " eps-high=0.3; docs/strategies.md lists each loss's keys.")
    Map<String, String> lossOptions = new LinkedHashMap<>();

    @Option(names = "--lr", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 2e-4;

    @Option(
            names = "--optimizer-option",
            description =
                    "An optimiser option as key=value, repeatable: beta1, beta2, epsilon,"
                            + " weight-decay, max-grad-norm, kl-beta (docs/strategies.md).")
    Map<String, String> optimizerOptions = new LinkedHashMap<>();

    @Option(names = "--seed", description = "Seed of a fresh model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--metrics-port",
            description = "Prometheus port; 0 picks one, -1 disables (default: ${DEFAULT-VALUE}).")
    int metricsPort = 9464;

    @Option(
            names = "--ledger-window",
            description =
                    "Versions of ledger entries kept in memory behind the committed version; older"
                            + " ones go to ledger-archive.tsv in --checkpoint-dir, sealed"
                            + " into gzip segments every 64 MiB (default:"
                            + " ${DEFAULT-VALUE}).")
    int ledgerWindow = 64;

    @Option(
            names = "--retained-checkpoints",
            description =
                    "Checkpoints referenced by savepoints kept for a rewind, newest first; each is a"
                            + " full copy of weights and optimizer state (default:"
                            + " ${DEFAULT-VALUE}).")
    int retainedCheckpoints = dev.rivulet.server.state.CheckpointDirectory.DEFAULT_RETAINED;

    /** The server configuration these options describe. */
    public ModelServerConfig config() throws IOException {
        ServiceConfig service =
                ServiceConfig.defaults()
                        .withModelSize(modelSize)
                        .withModelDir(modelDir)
                        .withCheckpointDir(checkpointDir)
                        .withLoss(loss, StrategyOptions.of(lossOptions))
                        .withOptimizer(
                                OptimizerConfig.from(
                                        learningRate, StrategyOptions.of(optimizerOptions)))
                        .withSeed(seed)
                        .withDevice(device)
                        .withLedgerWindow(ledgerWindow)
                        .withRetainedCheckpoints(retainedCheckpoints);
        String token = token();
        if (token == null && !allowUnauthenticated && !isLoopback(host)) {
            throw new IllegalArgumentException(
                    "--host "
                            + host
                            + " is not a loopback address and no token is set: anyone who reaches"
                            + " it could train or roll back the policy. Set --token-file or"
                            + " --token-env, or pass --allow-unauthenticated");
        }
        return new ModelServerConfig(host, port, token, metricsPort, service, tls(tlsCert, tlsKey))
                .withPoisonBatch(poisonBatch)
                .withRole(learnerTls(ServerRole.parse(role, learner, maxLag, learnerToken())));
    }

    /**
     * {@code parsed} with the TLS link to its learner of {@code --learner-tls} / {@code
     * --learner-tls-ca}: refused for a role other than generator, and for a CA file that is
     * missing, unreadable or holds no PEM certificate (naming the path).
     */
    ServerRole learnerTls(ServerRole parsed) {
        if (!learnerTls && learnerTlsCa == null) {
            return parsed;
        }
        if (parsed.kind() != ServerRole.Kind.GENERATOR) {
            throw new IllegalArgumentException(
                    (learnerTlsCa == null ? "--learner-tls" : "--learner-tls-ca")
                            + " is for --role generator; this server's role is "
                            + parsed.kind().id());
        }
        return parsed.withLearnerTls(learnerTlsCa == null ? null : readCa(learnerTlsCa));
    }

    /** The PEM text of the CA bundle {@code file}, or a failure naming the path. */
    static String readCa(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--learner-tls-ca " + file + ": no such file", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "--learner-tls-ca " + file + ": cannot read it (" + e + ")", e);
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(
                    "--learner-tls-ca "
                            + file
                            + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return pem;
    }

    /** The learner's token of {@code --learner-token-file} or {@code --learner-token-env}. */
    String learnerToken() throws IOException {
        if (learnerTokenFile != null && learnerTokenEnv != null) {
            throw new IllegalArgumentException(
                    "set --learner-token-file or --learner-token-env, not both");
        }
        if (learnerTokenEnv == null) {
            return readToken(learnerTokenFile);
        }
        String value = environment.apply(learnerTokenEnv);
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(
                    "--learner-token-env "
                            + learnerTokenEnv
                            + ": the environment variable is unset or empty");
        }
        return value.trim();
    }

    /** The bearer token of {@code --token-file} or {@code --token-env}, or null for none. */
    String token() throws IOException {
        if (tokenFile != null && tokenEnv != null) {
            throw new IllegalArgumentException("set --token-file or --token-env, not both");
        }
        if (tokenEnv == null) {
            return readToken(tokenFile);
        }
        String value = environment.apply(tokenEnv);
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(
                    "--token-env " + tokenEnv + ": the environment variable is unset or empty");
        }
        return value.trim();
    }

    /** Whether {@code host} names a loopback interface (a name that does not resolve: no). */
    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The TLS files, or null without both; one without the other fails. */
    static TlsFiles tls(Path cert, Path key) {
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException(
                    "--tls-cert and --tls-key go together; got only "
                            + (cert == null ? "--tls-key " + key : "--tls-cert " + cert));
        }
        return new TlsFiles(cert, key);
    }

    /** The token in {@code file} (trimmed), or null without a file; an empty file fails. */
    public static String readToken(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IOException("token file " + file + " is empty");
        }
        return token;
    }

    @Override
    public Integer call() throws Exception {
        ModelServerConfig config = config();
        ModelServer server = ModelServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "rivulet-serve-shutdown"));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "serving");
        line.put("host", server.host());
        line.put("port", server.port());
        line.put("metrics_port", server.metricsPort());
        line.put("role", config.role().kind().id());
        if (config.role().kind() == ServerRole.Kind.GENERATOR) {
            line.put("learner", config.role().learnerAddress());
            line.put("max_lag", config.role().maxLag());
            line.put("learner_tls", config.role().learnerTls());
        }
        line.put("auth", config.bearerToken() != null);
        line.put("tls", tlsCert != null);
        line.put("device", server.service().health().device());
        line.put("policy_version", server.service().version().current());
        line.put("committed_version", server.service().version().committed());
        line.put("model", server.policyService().policyConfig().toString());
        ModelFootprint footprint = server.policyService().footprint();
        line.put("parameter_bytes", footprint.parameterBytes());
        line.put("learner_state_bytes", footprint.learnerStateBytes());
        System.out.println(new ObjectMapper().writeValueAsString(line));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
