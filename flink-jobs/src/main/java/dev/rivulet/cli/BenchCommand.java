package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet bench`: Run a benchmark (generation, pipeline) and print one JSON line. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark (generation, pipeline) and print one JSON line.")
final class BenchCommand extends PendingCommand {
    @Override
    int issue() {
        return 4;
    }
}
