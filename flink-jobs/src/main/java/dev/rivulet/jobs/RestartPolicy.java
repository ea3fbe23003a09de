package dev.rivulet.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The restart strategy of every Rivulet job: Flink's {@code exponential-delay}, bounded.
 *
 * <p>Why not {@code fixed-delay}: one incident (a TaskManager killed) can fail the job several
 * times in a row — the tasks that lost their partner, then each deployment onto the dead
 * TaskManager's slots until its heartbeat times out — and a fixed-delay strategy counts every one
 * of those against its attempts, so a slow recovery on a loaded machine can use up the attempts
 * inside one incident. The exponential strategy counts the failures inside one backoff window as
 * one attempt (FLIP-364), backs off up to {@value #MAX_BACKOFF} while the cluster is short of
 * slots, and forgets earlier failures after {@value #RESET_THRESHOLD} of healthy running, so a job
 * that runs for days can take many separate incidents. It stays bounded: {@value #ATTEMPTS}
 * attempts without such a healthy stretch fail the job.
 */
public final class RestartPolicy {

    static final String INITIAL_BACKOFF = "1 s";
    static final String MAX_BACKOFF = "30 s";
    static final String RESET_THRESHOLD = "5 min";
    static final String ATTEMPTS = "30";

    private RestartPolicy() {}

    /** The options, as flat Flink configuration keys. */
    public static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("restart-strategy.type", "exponential-delay");
        o.put("restart-strategy.exponential-delay.initial-backoff", INITIAL_BACKOFF);
        o.put("restart-strategy.exponential-delay.max-backoff", MAX_BACKOFF);
        o.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
        o.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
        o.put("restart-strategy.exponential-delay.reset-backoff-threshold", RESET_THRESHOLD);
        o.put("restart-strategy.exponential-delay.attempts-before-reset-backoff", ATTEMPTS);
        return o;
    }

    /** Sets the policy in a Flink configuration. */
    public static Configuration apply(Configuration conf) {
        options().forEach(conf::setString);
        return conf;
    }

    /** Sets the policy in a flat key/value Flink configuration. */
    public static void apply(Map<String, String> conf) {
        conf.putAll(options());
    }
}
