package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet probe`: Print a model server's health and version as one JSON line. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = "Print a model server's health and version as one JSON line.")
final class ProbeCommand extends PendingCommand {
    @Override
    int issue() {
        return 3;
    }
}
