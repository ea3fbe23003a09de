package dev.rivulet.cli;

import java.util.concurrent.Callable;

/**
 * Base of a subcommand whose implementation has not landed yet: it says so and which issue tracks
 * it, and exits with status 2 instead of pretending to work.
 */
abstract class PendingCommand implements Callable<Integer> {

    /** The issue that delivers this command. */
    abstract int issue();

    @Override
    public Integer call() {
        String name = getClass().getAnnotation(picocli.CommandLine.Command.class).name();
        System.err.printf(
                "rivulet %s: not available in this build yet (tracked in issue #%d)%n",
                name, issue());
        return 2;
    }
}
