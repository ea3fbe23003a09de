package dev.rivulet.operators.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.fleet.EndpointStatus;
import dev.rivulet.protocol.fleet.FailoverBackoff;
import dev.rivulet.protocol.fleet.FleetRefresher;
import dev.rivulet.protocol.fleet.GeneratorPool;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import dev.rivulet.protocol.fleet.HostResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link PolicyClients#openPool}: a pool whose DNS entries are resolved again while it runs. */
class PolicyClientsTest {

    private final AtomicReference<List<String>> answer = new AtomicReference<>(List.of("10.0.0.5"));
    private final HostResolver resolver = host -> answer.get();
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Duration> periods = new ArrayList<>();
    private final List<String> stopped = new ArrayList<>();
    private final FleetRefresher.Scheduler scheduler =
            (period, task) -> {
                periods.add(period);
                tasks.add(task);
                return () -> stopped.add("refresh");
            };

    private GeneratorPool open(String spec, Duration refresh) throws Exception {
        return PolicyClients.openPool(
                PolicyEndpoint.local(9000),
                GeneratorSpec.parse(spec),
                resolver,
                FailoverBackoff.defaults(),
                refresh,
                scheduler);
    }

    private static List<String> addresses(GeneratorPool pool) {
        return pool.status().stream().map(EndpointStatus::address).toList();
    }

    @Test
    void aPoolWithADnsEntryFollowsItEveryRefreshAndStopsWhenClosed() throws Exception {
        GeneratorPool pool = open("dns:///generators:8815", Duration.ofSeconds(7));
        assertThat(periods).containsExactly(Duration.ofSeconds(7));
        assertThat(addresses(pool)).containsExactly("10.0.0.5:8815");

        answer.set(List.of("10.0.0.5", "10.0.0.6")); // scaled up
        tasks.get(0).run();
        assertThat(addresses(pool)).containsExactly("10.0.0.5:8815", "10.0.0.6:8815");

        answer.set(List.of("10.0.0.6")); // scaled down; 10.0.0.5 was idle
        tasks.get(0).run();
        assertThat(addresses(pool)).containsExactly("10.0.0.6:8815");

        pool.close();
        assertThat(stopped).containsExactly("refresh");
    }

    @Test
    void plainEntriesOrAZeroRefreshScheduleNothing() throws Exception {
        try (GeneratorPool plain = open("10.0.0.1:8815,10.0.0.2:8815", Duration.ofSeconds(7));
                GeneratorPool never = open("dns:///generators:8815", Duration.ZERO)) {
            assertThat(tasks).isEmpty();
            assertThat(plain.size()).isEqualTo(2);
            assertThat(never.size()).isEqualTo(1);
        }
    }
}
