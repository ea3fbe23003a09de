package dev.rivulet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/rivulet}: dispatches to one subcommand per task. */
@Command(
        name = "rivulet",
        mixinStandardHelpOptions = true,
        version = "rivulet 0.1.0-SNAPSHOT",
        description = "Online reinforcement learning for language-model policies on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            PretrainCommand.class,
            ProbeCommand.class,
            TrainCommand.class,
            ClusterCommand.class,
            CompareCommand.class,
            ChaosCommand.class,
            SqlCommand.class,
            BenchCommand.class,
            LogprobsCommand.class,
            InitModelCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RivuletCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return new CommandLine(new RivuletCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
