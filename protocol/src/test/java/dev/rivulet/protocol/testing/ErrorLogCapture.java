package dev.rivulet.protocol.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects every log event at ERROR or above while open, from any logger of the JVM (an appender on
 * the root logger configuration): a run that should be quiet asserts {@link #errors()} empty.
 */
public final class ErrorLogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final LoggerContext context;

    private ErrorLogCapture(LoggerContext context) {
        super("error-capture", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    /** Starts collecting. */
    public static ErrorLogCapture open() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        ErrorLogCapture capture = new ErrorLogCapture(context);
        capture.attach();
        return capture;
    }

    private void attach() {
        start();
        Configuration config = context.getConfiguration();
        config.getRootLogger().addAppender(this, Level.ERROR, null);
        for (LoggerConfig logger : config.getLoggers().values()) {
            if (!logger.isAdditive() && logger != config.getRootLogger()) {
                logger.addAppender(this, Level.ERROR, null);
            }
        }
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
            errors.add(
                    event.getLevel()
                            + " "
                            + event.getLoggerName()
                            + " - "
                            + event.getMessage().getFormattedMessage());
        }
    }

    /** The ERROR (and FATAL) lines logged so far. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(getName());
        }
        config.getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
