package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet chaos`: Run the fault-injection scenarios and write chaos.json. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Run the fault-injection scenarios and write chaos.json.")
final class ChaosCommand extends PendingCommand {
    @Override
    int issue() {
        return 7;
    }
}
