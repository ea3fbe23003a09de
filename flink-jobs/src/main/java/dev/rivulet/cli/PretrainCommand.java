package dev.rivulet.cli;

import picocli.CommandLine.Command;

/** `rivulet pretrain`: Supervised warm-up of a base policy on the built-in synthetic tasks. */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = "Supervised warm-up of a base policy on the built-in synthetic tasks.")
final class PretrainCommand extends PendingCommand {
    @Override
    int issue() {
        return 3;
    }
}
