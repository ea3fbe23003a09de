package dev.rivulet.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real model server with a bearer token serves a client with the right token and refuses clients
 * with wrong ones (one of them a token that contains the right one); everything the JVM logs
 * meanwhile (log4j2, java.util.logging, stdout and stderr) must not contain the token, at the
 * configured levels and with every logger opened to ALL.
 */
class TokenNotLoggedITCase {

    private static final Logger LOG = LoggerFactory.getLogger(TokenNotLoggedITCase.class);

    @TempDir Path dir;

    @ParameterizedTest(name = "every logger at ALL: {0}")
    @ValueSource(booleans = {false, true})
    void theTokenNeverAppearsInTheLogs(boolean everything) throws Exception {
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        String text;
        int lines;
        try (LogCapture capture = new LogCapture(everything)) {
            exercise(token, dir.resolve(everything ? "all" : "configured"));
            text = capture.text();
            lines = capture.lines();
        }
        System.out.printf(
                "token-not-logged (every logger at ALL: %s): %d lines captured%n",
                everything, lines);
        assertThat(text).contains("model server on 127.0.0.1").contains("invalid bearer token");
        int at = text.indexOf(token);
        assertThat(at)
                .as(
                        "the token appears in the logs: ...%s...",
                        at < 0
                                ? ""
                                : text.substring(Math.max(0, at - 300), at + token.length())
                                        .replace(token, "<TOKEN>"))
                .isNegative();
    }

    @Test
    void everyLoggingConfigurationPinsGrpcFrameLoggingAtInfo() throws Exception {
        Path test = Path.of(System.getProperty("log4j2.configurationFile"));
        Path cli = test.resolveSibling("log4j2-cli.properties");
        for (Path file : List.of(test, cli)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            assertThat(p)
                    .as(file.toString())
                    .containsEntry("logger.grpcframes.name", LogCapture.PINNED)
                    .containsEntry("logger.grpcframes.level", "INFO");
        }
        assertThat(
                        ((org.apache.logging.log4j.core.LoggerContext)
                                        org.apache.logging.log4j.LogManager.getContext(false))
                                .getConfiguration()
                                .getLoggerConfig("io.grpc.netty.NettyServerHandler")
                                .getLevel())
                .isEqualTo(org.apache.logging.log4j.Level.INFO);
    }

    private static void exercise(String token, Path checkpoints) throws Exception {
        ServiceConfig service =
                ServiceConfig.defaults()
                        .withModelSize("tiny")
                        .withSeed(7)
                        .withCheckpointDir(checkpoints)
                        .withLimits(16, 8, 4);
        ModelServerConfig config = ModelServerConfig.local(service).withBearerToken(token);
        PolicyClient.Options options =
                PolicyClient.Options.defaults()
                        .withDeadline(Duration.ofSeconds(30))
                        .withMaxRetries(1)
                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(100));
        LOG.info("starting {} with client options {}", config, options.withBearerToken(token));
        int port;
        try (ModelServer server = ModelServer.start(config);
                PolicyClient good =
                        PolicyClient.connect(
                                "127.0.0.1", server.port(), options.withBearerToken(token))) {
            port = server.port();
            List<Completion> done =
                    good.generate(
                                    List.of(
                                            new GenerationRequest(
                                                    "a", "p-a", "12+34=", 2, 1.0f, 1.0f, 4, 42,
                                                    false)))
                            .join();
            List<dev.rivulet.protocol.ScoredRollout> rows =
                    dev.rivulet.server.testing.TrainRows.of("r", done);
            good.train(new TrainBatch("b0", rows, false)).join();
            good.prepare(1).join();
            good.commit(1).join();
            good.score(List.of(new ScoreRequest("s", new int[] {1, 4}, new int[] {5}))).join();
            good.ledger().join();
            logFailure("a refused rollback", good.rollback(99));
            for (String wrong : new String[] {token + "x", "x" + token, "wrong", null}) {
                try (PolicyClient bad =
                        PolicyClient.connect(
                                "127.0.0.1", server.port(), options.withBearerToken(wrong))) {
                    logFailure("wrong token: version", bad.version());
                    logFailure("wrong token: train", bad.train(new TrainBatch("b1", rows, false)));
                    logFailure("wrong token: generate", bad.generate(List.of()));
                }
            }
        }
        // the server is gone: the client's calls fail as unavailable after its retries
        try (PolicyClient late =
                PolicyClient.connect("127.0.0.1", port, options.withBearerToken(token))) {
            logFailure("server gone", late.version());
        }
    }

    /** Logs a call's failure with its stack trace, as the operators do. */
    private static void logFailure(String what, CompletableFuture<?> call) {
        Throwable e = call.handle((r, t) -> t).join();
        assertThat(e).as(what).isNotNull();
        LOG.warn("{} failed", what, e);
    }
}
