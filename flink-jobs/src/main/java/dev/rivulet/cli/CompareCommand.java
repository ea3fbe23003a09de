package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet compare`: Run the algorithm arms side by side and write compare.json with plots. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Run the algorithm arms side by side and write compare.json with plots.")
final class CompareCommand extends PendingCommand {
    @Override
    int issue() {
        return 5;
    }
}
