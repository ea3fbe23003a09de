package dev.rivulet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout and stderr. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RivuletCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * The tiny Qwen3 reference checkpoint of the server module's test resources (its tokenizer.json
     * is 11 MB, so it is read where it is rather than copied): found from this module's build
     * output, {@code tools/target/test-classes}, whatever the working directory.
     */
    static Path qwen3Fixture() {
        try {
            Path classes =
                    Path.of(
                            CliRun.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            Path root = classes.getParent().getParent().getParent();
            return root.resolve("model-server/src/test/resources/hf-tiny-qwen3");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
