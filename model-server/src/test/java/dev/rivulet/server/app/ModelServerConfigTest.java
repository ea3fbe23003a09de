package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.server.service.ServiceConfig;
import org.junit.jupiter.api.Test;

/** The server configuration never prints its token and rejects bad values by name. */
class ModelServerConfigTest {

    @Test
    void tokenIsRedacted() {
        ModelServerConfig c =
                ModelServerConfig.local(ServiceConfig.defaults()).withBearerToken("hunter2");
        assertThat(c.toString()).doesNotContain("hunter2").contains("(redacted)");
        assertThat(c.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> ServiceConfig.defaults().withModelSize("huge"))
                .hasMessageContaining("tiny, small, medium");
        assertThatThrownBy(() -> ServiceConfig.defaults().withDevice("tpu"))
                .hasMessageContaining("cpu, gpu, auto");
        assertThatThrownBy(() -> ModelServerConfig.local(ServiceConfig.defaults()).withPort(70000))
                .hasMessageContaining("port");
    }
}
