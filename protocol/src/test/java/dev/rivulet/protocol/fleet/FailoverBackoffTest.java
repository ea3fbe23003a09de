package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverBackoffTest {

    @Test
    void theWaitDoublesPerFailureUpToTheCap() {
        FailoverBackoff b = new FailoverBackoff(Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(b.delayNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(b.delayNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(b.delayNanos(3)).isEqualTo(Duration.ofMillis(350).toNanos());
        assertThat(b.delayNanos(1_000_000)).isEqualTo(Duration.ofMillis(350).toNanos());
    }

    @Test
    void badRangesAreRejected() {
        assertThatThrownBy(() -> new FailoverBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("initial backoff must be > 0, got PT0S");
        assertThatThrownBy(() -> new FailoverBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("max backoff (PT1S) must be >= initial backoff (PT2S)");
    }
}
