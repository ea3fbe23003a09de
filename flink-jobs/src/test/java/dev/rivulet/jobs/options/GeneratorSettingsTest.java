package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.loop.RolloutLoopConfig;
import dev.rivulet.protocol.fleet.GeneratorAddress;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code rivulet.server.generators} as JobSettings reads it. */
class GeneratorSettingsTest {

    @Test
    void emptyMeansTheOneServerOfTheAddress() {
        JobSettings s = JobSettings.of(Map.of("rivulet.server.address", "model-server:9000"));
        assertThat(s.generators())
                .isEqualTo(GeneratorSpec.single(new GeneratorAddress("model-server", 9000)));
        assertThat(JobSettings.of(Map.of()).generators().toString()).isEqualTo("127.0.0.1:8815");
    }

    @Test
    void aListOrADnsNameIsParsed() {
        JobSettings s =
                JobSettings.of(
                        Map.of(
                                "rivulet.server.generators",
                                "gen-0:8815, gen-1:8815,dns:///gen.rivulet.svc:8815"));
        assertThat(s.generators().toString())
                .isEqualTo("gen-0:8815,gen-1:8815,dns:///gen.rivulet.svc:8815");
        assertThat(s.generators().entries()).hasSize(3);
    }

    @Test
    void aBadEntryFailsWhenTheSettingsAreReadNamingTheKeyAndTheEntry() {
        assertThatThrownBy(
                        () ->
                                JobSettings.of(
                                        Map.of("rivulet.server.generators", "gen-0:8815,gen-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "rivulet.server.generators: bad generator address 'gen-1': no port"
                                + " (expected host:port)");
    }

    @Test
    void theLearnerDefaultsToTheAddressAndTheLoopGeneratesThereWithoutAFleet() throws Exception {
        JobSettings s = JobSettings.of(Map.of("rivulet.server.address", "model-server:9000"));
        assertThat(s.endpoint().host()).isEqualTo("model-server");
        assertThat(s.endpoint().port()).isEqualTo(9000);
        assertThat(s.fleet()).isEmpty();
        assertThat(s.loopConfig(s.endpoint()).generators()).isNull();
    }

    @Test
    void withAFleetTheLoopGeneratesOnItAndEverythingElseGoesToTheLearner() throws Exception {
        JobSettings s =
                JobSettings.of(
                        Map.of(
                                "rivulet.server.address", "model-server:9000",
                                "rivulet.server.learner", "learner-0:8815",
                                "rivulet.server.generators", "gen-0:8815,gen-1:8815"));
        assertThat(s.endpoint().host()).isEqualTo("learner-0");
        assertThat(s.learnerConfig(s.endpoint()).endpoint().host()).isEqualTo("learner-0");
        RolloutLoopConfig loop = s.loopConfig(s.endpoint());
        assertThat(loop.endpoint().host()).isEqualTo("learner-0");
        assertThat(loop.generators().toString()).isEqualTo("gen-0:8815,gen-1:8815");
    }

    @Test
    void theRefreshOfTheFleetsNamesTravelsToTheLoopAndDefaultsTo30Seconds() throws Exception {
        Map<String, String> fleet = Map.of("rivulet.server.generators", "dns:///gen:8815");
        JobSettings byDefault = JobSettings.of(fleet);
        assertThat(byDefault.loopConfig(byDefault.endpoint()).generatorsRefresh())
                .isEqualTo(Duration.ofSeconds(30));
        JobSettings s =
                JobSettings.of(
                        Map.of(
                                "rivulet.server.generators", "dns:///gen:8815",
                                "rivulet.server.generators-refresh", "5 s"));
        assertThat(s.loopConfig(s.endpoint()).generatorsRefresh()).isEqualTo(Duration.ofSeconds(5));
        JobSettings never =
                JobSettings.of(
                        Map.of(
                                "rivulet.server.generators", "dns:///gen:8815",
                                "rivulet.server.generators-refresh", "0 s"));
        assertThat(never.loopConfig(never.endpoint()).generatorsRefresh()).isZero();
    }

    @Test
    void aNegativeRefreshFailsWhenTheSettingsAreReadNamingTheKey() {
        assertThatThrownBy(
                        () -> JobSettings.of(Map.of("rivulet.server.generators-refresh", "-1 s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rivulet.server.generators-refresh")
                .hasMessageContaining("'-1 s'");
    }

    @Test
    void aBadLearnerFailsWhenTheSettingsAreReadNamingTheKey() {
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.server.learner", "learner-0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rivulet.server.learner must be host:port, got 'learner-0'");
    }
}
