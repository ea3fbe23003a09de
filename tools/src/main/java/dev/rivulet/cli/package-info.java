/** The {@code bin/rivulet} command line: one picocli subcommand per task. */
package dev.rivulet.cli;
