package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link FleetRefresher}: a fake resolver whose answers change, a hand-cranked scheduler. */
class FleetRefresherTest {

    /** What the fake DNS answers per name; a missing name does not resolve. */
    private final Map<String, List<String>> dns = new HashMap<>();

    private final HostResolver resolver =
            host -> {
                List<String> ips = dns.get(host);
                if (ips == null) {
                    throw new UnknownHostException(host + ": NXDOMAIN");
                }
                return ips;
            };

    private final Map<String, FakeEndpoint> opened = new LinkedHashMap<>();

    private final Function<GeneratorAddress, GenerateEndpoint> opener =
            a -> {
                FakeEndpoint e = new FakeEndpoint(a.toString());
                opened.put(a.toString(), e);
                return e;
            };

    /** The scheduler's one task and its period, run by the test. */
    private Runnable task;

    private Duration period;
    private boolean stopped;

    private final FleetRefresher.Scheduler scheduler =
            (p, t) -> {
                period = p;
                task = t;
                return () -> stopped = true;
            };

    private GeneratorPool openPool(GeneratorSpec spec) throws UnknownHostException {
        List<GenerateEndpoint> endpoints = new ArrayList<>();
        for (GeneratorAddress a : spec.resolve(resolver)) {
            endpoints.add(opener.apply(a));
        }
        return new GeneratorPool(
                endpoints, FailoverBackoff.defaults(), System::nanoTime, Runnable::run);
    }

    private static List<String> addresses(GeneratorPool pool) {
        return pool.status().stream()
                .filter(s -> !s.retiring())
                .map(EndpointStatus::address)
                .toList();
    }

    @Test
    void theFleetFollowsTheNamesAnswers() throws Exception {
        dns.put("gens", List.of("10.0.0.5", "10.0.0.6"));
        GeneratorSpec spec = GeneratorSpec.parse("learner:9000,dns:///gens:8815");
        GeneratorPool pool = openPool(spec);
        FleetRefresher r =
                FleetRefresher.start(
                        spec, resolver, pool, opener, Duration.ofSeconds(30), scheduler);
        assertThat(period).isEqualTo(Duration.ofSeconds(30));

        dns.put("gens", List.of("10.0.0.6", "10.0.0.7", "10.0.0.8")); // scaled to 3, one moved
        task.run();

        assertThat(addresses(pool))
                .containsExactly("learner:9000", "10.0.0.6:8815", "10.0.0.7:8815", "10.0.0.8:8815");
        assertThat(opened.get("10.0.0.5:8815").closed).isTrue();
        assertThat(pool.membershipChanges()).isEqualTo(3);

        dns.put("gens", List.of("10.0.0.7")); // scaled down to 1
        MembershipChange change = r.refresh();
        assertThat(change).hasToString("-10.0.0.6:8815, -10.0.0.8:8815 (2 generators)");
        assertThat(addresses(pool)).containsExactly("learner:9000", "10.0.0.7:8815");
        assertThat(r.refreshes()).isEqualTo(2);
        assertThat(r.failures()).isZero();

        pool.close();
        assertThat(stopped).as("closing the pool stops the refresher").isTrue();
    }

    @Test
    void aFailingOrEmptyResolutionKeepsTheGenerators() throws Exception {
        dns.put("gens", List.of("10.0.0.5", "10.0.0.6"));
        GeneratorSpec spec = GeneratorSpec.parse("dns:///gens:8815");
        GeneratorPool pool = openPool(spec);
        FleetRefresher.start(spec, resolver, pool, opener, Duration.ofSeconds(5), scheduler);
        FleetRefresher r = new FleetRefresher(spec, resolver, pool, opener);

        dns.remove("gens"); // NXDOMAIN
        task.run();
        dns.put("gens", List.of()); // no address
        assertThat(r.refresh().changed()).isFalse();

        assertThat(addresses(pool)).containsExactly("10.0.0.5:8815", "10.0.0.6:8815");
        assertThat(r.failures()).isEqualTo(1);
        assertThat(opened.values()).noneMatch(e -> e.closed);
        pool.generate(List.of());
        assertThat(opened.get("10.0.0.5:8815").callCount()).isEqualTo(1);

        dns.put("gens", List.of("10.0.0.6")); // DNS is back
        r.refresh();
        assertThat(addresses(pool)).containsExactly("10.0.0.6:8815");
    }

    @Test
    void nothingIsScheduledWithoutADnsEntryOrWithAPeriodOfZero() throws Exception {
        dns.put("gens", List.of("10.0.0.5"));
        GeneratorSpec plain = GeneratorSpec.parse("a:1,b:1");
        GeneratorSpec named = GeneratorSpec.parse("dns:///gens:8815");
        assertThat(
                        FleetRefresher.start(
                                plain,
                                resolver,
                                openPool(plain),
                                opener,
                                Duration.ofSeconds(30),
                                scheduler))
                .isNull();
        assertThat(
                        FleetRefresher.start(
                                named, resolver, openPool(named), opener, Duration.ZERO, scheduler))
                .isNull();
        assertThat(task).isNull();
        assertThatThrownBy(
                        () ->
                                FleetRefresher.start(
                                        named,
                                        resolver,
                                        openPool(named),
                                        opener,
                                        Duration.ofSeconds(-1),
                                        scheduler))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
    }

    @Test
    void theDaemonSchedulerRunsTheTaskUntilClosed() throws Exception {
        CountDownLatch twice = new CountDownLatch(2);
        AutoCloseable s =
                FleetRefresher.Scheduler.daemon("test-refresh")
                        .every(Duration.ofMillis(5), twice::countDown);
        assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
        s.close();
    }
}
