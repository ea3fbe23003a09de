package dev.rivulet.cli;

import picocli.CommandLine.Command;

/**
 * `rivulet serve`: Run the model server (Arrow Flight + Prometheus endpoint) as its own process.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Run the model server (Arrow Flight + Prometheus endpoint) as its own process.")
final class ServeCommand extends PendingCommand {
    @Override
    int issue() {
        return 3;
    }
}
