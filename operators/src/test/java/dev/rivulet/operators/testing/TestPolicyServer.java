package dev.rivulet.operators.testing;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import dev.rivulet.protocol.testing.DeterministicPolicyService;

/** A real Flight server around a recording deterministic policy service, for operator tests. */
public final class TestPolicyServer implements AutoCloseable {

    public final DeterministicPolicyService service;
    public final RecordingService recording;
    private final PolicyFlightServer server;

    public TestPolicyServer(DeterministicPolicyService service) {
        this.service = service;
        this.recording = new RecordingService(service);
        this.server = PolicyFlightServer.builder(recording).start();
    }

    public PolicyEndpoint endpoint() {
        return new PolicyEndpoint("127.0.0.1", server.port(), "", 30_000, 3);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
