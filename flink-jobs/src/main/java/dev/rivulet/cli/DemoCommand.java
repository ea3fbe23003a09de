package dev.rivulet.cli;

import picocli.CommandLine.Command;

/**
 * `rivulet demo`: Run the online-RL job end to end on the embedded default (MiniCluster +
 * in-process model server).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the online-RL job end to end on the embedded default (MiniCluster + in-process model server).")
final class DemoCommand extends PendingCommand {
    @Override
    int issue() {
        return 5;
    }
}
