package dev.rivulet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's command line lists every subcommand and rejects unknown ones. */
class RivuletCliTest {

    @Test
    void helpListsEverySubcommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new RivuletCli());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains(
                        "demo",
                        "serve",
                        "pretrain",
                        "probe",
                        "train",
                        "cluster",
                        "compare",
                        "chaos",
                        "sql",
                        "bench",
                        "logprobs",
                        "init-model");
    }

    @Test
    void unknownSubcommandFailsWithUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RivuletCli());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("frobnicate");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }
}
