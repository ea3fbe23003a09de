package dev.rivulet.server.app;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.service.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A tiny-model server and its clients for the ITCases; closes clients, then the server. */
final class TinyServer implements AutoCloseable {

    static final PolicyClient.Options FAST =
            PolicyClient.Options.defaults().withDeadline(Duration.ofSeconds(60)).withMaxRetries(0);

    final ModelServer server;
    private final List<PolicyClient> clients = new ArrayList<>();

    TinyServer(String token, Path checkpointDir) throws IOException {
        ServiceConfig service =
                ServiceConfig.defaults()
                        .withModelSize("tiny")
                        .withSeed(7)
                        .withLearningRate(1e-2)
                        .withCheckpointDir(checkpointDir)
                        .withLimits(16, 8, 4);
        server = ModelServer.start(ModelServerConfig.local(service).withBearerToken(token));
    }

    PolicyClient client(String token) {
        PolicyClient c =
                PolicyClient.connect("127.0.0.1", server.port(), FAST.withBearerToken(token));
        clients.add(c);
        return c;
    }

    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + server.metricsPort()
                                                                + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Override
    public void close() throws Exception {
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
        server.close();
    }

    static GenerationRequest request(String id, String prompt, int n, boolean greedy) {
        return new GenerationRequest(id, "p-" + id, prompt, n, 1.0f, 1.0f, 6, 42, greedy);
    }

    static List<GenerationRequest> requests() {
        return List.of(
                request("a", "12+34=", 2, false),
                request("b", "7+5=", 2, false),
                request("g", "3+4=", 1, true));
    }

    static ScoredRollout rollout(String id, Completion c, double advantage) {
        return new ScoredRollout(
                id,
                c.promptId(),
                "arith",
                1,
                c.promptTokens(),
                c.tokens(),
                c.logprobs(),
                advantage,
                advantage,
                c.policyVersion());
    }

    static TrainBatch batch(String id, List<Completion> completions) {
        List<ScoredRollout> rows = new ArrayList<>();
        for (int i = 0; i < completions.size(); i++) {
            rows.add(rollout(id + "-r" + i, completions.get(i), i % 2 == 0 ? 1.0 : -1.0));
        }
        return new TrainBatch(id, rows, false);
    }
}
