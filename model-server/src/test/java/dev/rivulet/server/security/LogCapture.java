package dev.rivulet.server.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures everything a JVM logs while it is open: every log4j2 event (slf4j, Netty and Flink log
 * through it here) with its stack trace, every java.util.logging record (gRPC logs through JUL),
 * and System.out and System.err. With {@code everything} every log4j2 logger and JUL are opened to
 * ALL levels, except the ones the project's configurations pin for security ({@link #PINNED}:
 * gRPC's HTTP/2 frame logger prints request headers at DEBUG); otherwise the configured levels
 * stay.
 */
final class LogCapture implements AutoCloseable {

    private static final String NAME = "token-capture";

    /** Loggers the shipped log4j2 configurations keep at INFO because they print headers. */
    static final String PINNED = "io.grpc.netty";

    private final StringWriter log4j = new StringWriter();
    private final StringBuilder jul = new StringBuilder();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Map<LoggerConfig, Level> levels = new HashMap<>();
    private final java.util.logging.Level julLevel;
    private final Handler julHandler;
    private final LoggerContext context;
    private final WriterAppender appender;

    LogCapture(boolean everything) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender =
                WriterAppender.newBuilder()
                        .setName(NAME)
                        .setTarget(log4j)
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withPattern("%p %c - %m%n%throwable")
                                        .build())
                        .build();
        appender.start();
        config.addAppender(appender);
        for (LoggerConfig lc : allLoggers(config)) {
            lc.addAppender(appender, Level.ALL, null);
            if (everything && !lc.getName().startsWith(PINNED)) {
                levels.put(lc, lc.getLevel());
                lc.setLevel(Level.ALL);
            }
        }
        context.updateLoggers();

        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        julLevel = root.getLevel();
        SimpleFormatter format = new SimpleFormatter();
        julHandler =
                new Handler() {
                    @Override
                    public synchronized void publish(LogRecord r) {
                        jul.append(format.format(r));
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        julHandler.setLevel(java.util.logging.Level.ALL);
        root.addHandler(julHandler);
        if (everything) {
            root.setLevel(java.util.logging.Level.ALL);
        }
        PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(new Tee(out, tee), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, tee), true, StandardCharsets.UTF_8));
    }

    private static Iterable<LoggerConfig> allLoggers(Configuration config) {
        java.util.List<LoggerConfig> all = new java.util.ArrayList<>(config.getLoggers().values());
        if (!all.contains(config.getRootLogger())) {
            all.add(config.getRootLogger());
        }
        return all;
    }

    /** Everything captured so far, from all three channels. */
    synchronized String text() {
        return log4j + "\n" + jul + "\n" + console.toString(StandardCharsets.UTF_8);
    }

    /** How many lines were captured (to show the capture saw something). */
    int lines() {
        return (int) text().lines().count();
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.removeHandler(julHandler);
        root.setLevel(julLevel);
        Configuration config = context.getConfiguration();
        for (LoggerConfig lc : allLoggers(config)) {
            lc.removeAppender(NAME);
        }
        levels.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        appender.stop();
    }

    /** Writes to two streams. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
