package dev.rivulet.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import dev.rivulet.server.app.ServeCommand;
import dev.rivulet.tools.cluster.ModelFleet;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FleetServersTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void theJobGeneratesOnTheGeneratorsAndTrainsOnTheLearner() throws Exception {
        FleetServers fleet = FleetServers.onFreePorts(Path.of("base"), 2e-4, "cpu", 3, QUIET);
        Map<String, String> o = fleet.jobOptions();
        GeneratorSpec spec = GeneratorSpec.parse(o.get("rivulet.server.generators"));
        assertThat(spec.entries()).hasSize(3);
        assertThat(spec.toString()).doesNotContain(o.get("rivulet.server.learner"));
        // the settings accept them
        JobSettings s = JobSettings.of(o);
        assertThat(s.effective())
                .containsEntry("rivulet.server.learner", o.get("rivulet.server.learner"));
    }

    @Test
    void everyProcessParsesWithServesOwnOptions() throws Exception {
        FleetServers fleet = FleetServers.onFreePorts(Path.of("base"), 5e-4, "cpu", 1, QUIET);
        JobSettings settings =
                JobSettings.of(
                        Map.of(
                                "rivulet.server.loss", "opmd",
                                "rivulet.server.optimizer-options", "kl-beta=0.5"));
        List<String> args = fleet.serverArgs(settings);
        assertThat(args).contains("--loss=opmd", "--optimizer-option=kl-beta=0.5");
        for (List<String> role :
                List.of(ModelFleet.learnerArgs(args), ModelFleet.generatorArgs(8815, args))) {
            List<String> all = new ArrayList<>(role);
            ServeCommand serve = new ServeCommand();
            new CommandLine(serve).parseArgs(all.toArray(String[]::new));
            assertThat(serve.config()).isNotNull();
        }
    }

    @Test
    void aFleetNeedsAGenerator() {
        assertThatThrownBy(() -> FleetServers.onFreePorts(Path.of("b"), 1e-4, "cpu", 0, QUIET))
                .hasMessageContaining("--generators must be at least 1");
        assertThatThrownBy(() -> ModelFleet.Spec.consecutive(Path.of("d"), 2, 65534, List.of()))
                .hasMessageContaining("leaves no room for 2 generator ports");
        assertThat(ModelFleet.Spec.consecutive(Path.of("d"), 2, 8815, List.of()).generatorPorts())
                .containsExactly(8816, 8817);
    }
}
