package dev.rivulet.cli;

import dev.rivulet.tools.chaos.ChaosRunner;
import dev.rivulet.tools.chaos.ChaosScenario;
import dev.rivulet.tools.chaos.ScenarioResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `rivulet chaos`: runs the fault-injection scenarios on a local multi-process cluster against a
 * model server process, writes {@code DIR/chaos.json} and prints a table; exits 1 when a scenario
 * lost or duplicated a rollout or left inconsistent weights.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description =
                "Kill a TaskManager, kill the model server, stop and resume from a savepoint;"
                        + " check the ledger and the weights after each; write chaos.json.")
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(
            names = "--scenarios",
            split = ",",
            description =
                    "Scenarios to run (default: taskmanager-kill,model-server-kill,"
                            + "savepoint-resume,savepoint-rewind,poison-batch,generator-kill).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--warmup",
            converter = DurationConverter.class,
            description = "Training before each fault (default: ${DEFAULT-VALUE}).")
    Duration warmup = Duration.ofSeconds(10);

    @Option(
            names = "--after",
            converter = DurationConverter.class,
            description = "Training after each recovery (default: ${DEFAULT-VALUE}).")
    Duration after = Duration.ofSeconds(6);

    @Option(
            names = "--model-size",
            description = "Model size of the server (default: ${DEFAULT-VALUE}).")
    String modelSize = "tiny";

    @Option(names = "--model-dir", description = "Base model directory for the server.")
    Path modelDir;

    @Override
    public Integer call() throws Exception {
        List<ChaosScenario> chosen =
                scenarios.isEmpty()
                        ? ChaosScenario.all()
                        : scenarios.stream().map(ChaosScenario::byId).toList();
        List<String> serverArgs = new ArrayList<>();
        if (modelDir != null) {
            serverArgs.add("--model-dir=" + modelDir.toAbsolutePath());
        } else {
            serverArgs.add("--model-size=" + modelSize);
        }
        List<ScenarioResult> results =
                new ChaosRunner(
                                new ChaosRunner.Options(
                                        out.toAbsolutePath(),
                                        chosen,
                                        warmup,
                                        after,
                                        serverArgs,
                                        System.out))
                        .run();
        System.out.print(ChaosRunner.table(results));
        System.out.println("wrote " + out.resolve("chaos.json"));
        return results.stream().allMatch(ScenarioResult::ok) ? 0 : 1;
    }
}
