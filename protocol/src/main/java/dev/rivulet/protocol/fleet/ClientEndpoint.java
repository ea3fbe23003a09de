package dev.rivulet.protocol.fleet;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A {@link GenerateEndpoint} over a {@link PolicyClient} of one generation server; owns it. */
public final class ClientEndpoint implements GenerateEndpoint {

    private final String address;
    private final PolicyClient client;

    ClientEndpoint(String address, PolicyClient client) {
        this.address = Objects.requireNonNull(address, "address");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** An endpoint of the server at {@code address}; connects lazily on the first call. */
    public static ClientEndpoint open(GeneratorAddress address, PolicyClient.Options options) {
        return new ClientEndpoint(
                address.toString(), PolicyClient.connect(address.host(), address.port(), options));
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public CompletableFuture<List<Completion>> generate(List<GenerationRequest> requests) {
        return client.generate(requests);
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
    }
}
