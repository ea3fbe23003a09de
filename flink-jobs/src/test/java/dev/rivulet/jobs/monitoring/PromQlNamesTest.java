package dev.rivulet.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name extraction the live Prometheus test relies on. */
class PromQlNamesTest {

    @Test
    void selectorsWithLabelsAndRanges() {
        assertThat(PromQlNames.of("up{job=\"rivulet-model-server\"} == 0")).containsExactly("up");
        assertThat(PromQlNames.of("max(changes(rivulet_server_policy_version[10m])) == 0"))
                .containsExactly("rivulet_server_policy_version");
    }

    @Test
    void groupingOffsetsAndBinaryOperators() {
        assertThat(
                        PromQlNames.of(
                                "avg(avg_over_time(a_b[10m])) < 0.5 * avg(avg_over_time(a_b[1h]"
                                        + " offset 10m))"))
                .containsExactly("a_b");
        assertThat(
                        PromQlNames.of(
                                "sum(x_size) > 2e3\n  and sum(deriv(x_size[15m])) > 0 unless"
                                        + " on (job) y_z"))
                .containsExactly("x_size", "y_z");
        assertThat(
                        PromQlNames.of(
                                "sum by (job_name) (increase(f_failed[10m])) > 0 or max without"
                                        + " (instance) (g) > bool 1"))
                .containsExactly("f_failed", "g");
        assertThat(
                        PromQlNames.of(
                                "histogram_quantile(0.95, sum by (le)"
                                        + " (rate(h_seconds_bucket{code=~\"a|b\"}[5m])))"))
                .containsExactly("h_seconds_bucket");
    }

    @Test
    void groupingLabels() {
        assertThat(
                        PromQlNames.groupingLabels(
                                "max by (job_name, task_name) (x) > sum without(instance) (y)"))
                .containsExactly("instance", "job_name", "task_name");
        assertThat(PromQlNames.groupingLabels("sum(x)")).isEmpty();
    }
}
