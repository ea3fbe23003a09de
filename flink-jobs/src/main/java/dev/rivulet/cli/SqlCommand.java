package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet sql`: Run a monitoring SQL file against a run directory and print a table. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Run a monitoring SQL file against a run directory and print a table.")
final class SqlCommand extends PendingCommand {
    @Override
    int issue() {
        return 6;
    }
}
