package dev.rivulet.jobs.options;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** How the job reaches the model server. */
public final class ServerOptions {

    public static final ConfigOption<String> ADDRESS =
            ConfigOptions.key("rivulet.server.address")
                    .stringType()
                    .defaultValue("127.0.0.1:8815")
                    .withDescription("host:port of the model server's Flight endpoint.");

    public static final ConfigOption<String> TOKEN_FILE =
            ConfigOptions.key("rivulet.server.token-file")
                    .stringType()
                    .defaultValue("")
                    .withDescription("File holding the bearer token; empty for none.");

    public static final ConfigOption<Duration> DEADLINE =
            ConfigOptions.key("rivulet.server.deadline")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(120))
                    .withDescription("Deadline of one call to the model server.");

    public static final ConfigOption<Integer> RETRIES =
            ConfigOptions.key("rivulet.server.retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Retries of a call that failed with a transient error.");

    private ServerOptions() {}
}
