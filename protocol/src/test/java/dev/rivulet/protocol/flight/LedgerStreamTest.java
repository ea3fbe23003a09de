package dev.rivulet.protocol.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The ledger goes out as a stream of record batches (DoGet), not as one message. */
class LedgerStreamTest {

    /** More than two record batches of {@link PolicyProducer#LEDGER_ROWS}. */
    private static final int ROWS = 2 * PolicyProducer.LEDGER_ROWS + 17;

    private static List<LedgerEntry> longLedger() {
        List<LedgerEntry> out = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            out.add(new LedgerEntry("r" + i, "b" + (i / 256), 1 + i / 256));
        }
        return out;
    }

    /**
     * A deterministic service whose ledger is {@link #longLedger()}, pushed one entry at a time.
     */
    private static PolicyService service(AtomicLong listCalls) {
        DeterministicPolicyService inner = new DeterministicPolicyService();
        List<LedgerEntry> ledger = longLedger();
        return (PolicyService)
                Proxy.newProxyInstance(
                        PolicyService.class.getClassLoader(),
                        new Class<?>[] {PolicyService.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("ledger")) {
                                if (args == null) {
                                    listCalls.incrementAndGet();
                                    return ledger;
                                }
                                @SuppressWarnings("unchecked")
                                var sink = (java.util.function.Consumer<LedgerEntry>) args[0];
                                ledger.forEach(sink);
                                return null;
                            }
                            try {
                                return method.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    @Test
    void aLongLedgerArrivesWholeAndInOrderInSeveralBatches() throws Exception {
        AtomicLong listCalls = new AtomicLong();
        try (PolicyFlightServer server =
                        PolicyFlightServer.builder(service(listCalls))
                                .port(0)
                                .failOnLeak(true)
                                .start();
                PolicyClient client =
                        PolicyClient.connect("127.0.0.1", server.port(), ServerFixture.FAST);
                RootAllocator allocator = new RootAllocator();
                FlightClient raw =
                        FlightClient.builder(
                                        allocator,
                                        Location.forGrpcInsecure("127.0.0.1", server.port()))
                                .build()) {
            assertThat(client.ledger().join()).isEqualTo(longLedger());
            List<LedgerEntry> streamed = new ArrayList<>();
            assertThat(client.ledger(streamed::add).join()).isEqualTo(ROWS);
            assertThat(streamed).isEqualTo(longLedger());
            // the server pushed entries; it never asked the service for the whole list
            assertThat(listCalls).hasValue(0);

            int batches = 0;
            try (FlightStream s =
                    raw.getStream(
                            new Ticket(FlightNames.LEDGER.getBytes(StandardCharsets.UTF_8)))) {
                while (s.next()) {
                    assertThat(s.getRoot().getRowCount())
                            .isLessThanOrEqualTo(PolicyProducer.LEDGER_ROWS);
                    batches++;
                }
            }
            assertThat(batches).isEqualTo(3);
        }
    }

    @Test
    void anUnknownTicketIsNotFoundAndTheServerStaysUp() throws Exception {
        try (ServerFixture fixture = new ServerFixture();
                RootAllocator allocator = new RootAllocator();
                FlightClient raw =
                        FlightClient.builder(
                                        allocator,
                                        Location.forGrpcInsecure(
                                                "127.0.0.1", fixture.server.port()))
                                .build()) {
            FlightRuntimeException e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            FlightRuntimeException.class,
                            () -> {
                                try (FlightStream s =
                                        raw.getStream(
                                                new Ticket(
                                                        "weights"
                                                                .getBytes(
                                                                        StandardCharsets.UTF_8)))) {
                                    while (s.next()) {
                                        // drain
                                    }
                                }
                            });
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
            assertThat(e).hasMessageContaining("unknown ticket 'weights'");
            assertThat(fixture.client().ledger().join()).isEmpty();
            assertThat(fixture.client().health().join().status()).isEqualTo("ok");
        }
    }
}
