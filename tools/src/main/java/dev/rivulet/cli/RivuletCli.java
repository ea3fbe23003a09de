package dev.rivulet.cli;

import dev.rivulet.server.app.ServeCommand;
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
        return new CommandLine(new RivuletCli())
                .setExecutionExceptionHandler(RivuletCli::userError)
                .execute(args);
    }

    /**
     * Bad input (an unknown option value, a missing file, an unservable prompt file, a model
     * directory that cannot be loaded) is one line naming the problem and exit code 2; anything
     * else keeps its stack trace. {@code RIVULET_DEBUG=1} prints the trace for bad input too.
     */
    private static int userError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
            throws Exception {
        boolean badInput =
                e instanceof IllegalArgumentException
                        || e instanceof java.io.IOException
                        || e instanceof java.io.UncheckedIOException;
        if (!badInput || System.getenv("RIVULET_DEBUG") != null) {
            throw e;
        }
        StringBuilder line = new StringBuilder("rivulet " + cmd.getCommandName() + ": ");
        line.append(e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !line.toString().contains(c.getMessage())) {
                line.append(": ").append(c.getMessage());
            }
        }
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
