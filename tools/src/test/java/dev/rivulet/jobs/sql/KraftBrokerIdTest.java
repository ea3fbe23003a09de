package dev.rivulet.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test broker's cluster ids never look like an option to Kafka's storage tool. */
class KraftBrokerIdTest {

    @Test
    void clusterIdsNeverStartWithADash() {
        // one id in 64 would start with '-' without the redraw: 5000 draws miss that with
        // probability (63/64)^5000, about 1e-34
        for (int i = 0; i < 5000; i++) {
            String id = KraftBroker.uuid();
            assertThat(id).hasSize(22).doesNotStartWith("-");
        }
    }
}
