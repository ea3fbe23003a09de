package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet cluster`: Start, stop or inspect a local multi-process Flink cluster. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Start, stop or inspect a local multi-process Flink cluster.")
final class ClusterCommand extends PendingCommand {
    @Override
    int issue() {
        return 5;
    }
}
