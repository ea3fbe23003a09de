package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet train`: Submit the online-RL job to a Flink cluster against a running model server. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Submit the online-RL job to a Flink cluster against a running model server.")
final class TrainCommand extends PendingCommand {
    @Override
    int issue() {
        return 5;
    }
}
