package dev.rivulet.protocol.flight;

import static dev.rivulet.protocol.flight.PolicyFlightServerErrorsTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.error.PolicyErrorCode;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyUnauthenticatedException;
import dev.rivulet.protocol.testing.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyClientAuthTest {

    private static final String TOKEN = "s3cret-token-1234";

    private final ServerFixture fixture = new ServerFixture(TOKEN);
    private final PolicyClient good = fixture.client(ServerFixture.FAST.withBearerToken(TOKEN));

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void rightTokenIsServedOnEveryCallKind() {
        assertThat(good.health().join().status()).isEqualTo("ok");
        assertThat(good.generate(Samples.requests()).join()).hasSize(7);
        assertThat(good.train(Samples.batch("b1", 2)).join().policyVersion()).isEqualTo(1);
    }

    @Test
    void wrongTokenIsUnauthenticatedWithoutLeakingTokens() {
        PolicyClient bad = fixture.client(ServerFixture.FAST.withBearerToken("guess-9876"));
        for (var call :
                java.util.List.of(
                        bad.health(),
                        bad.generate(Samples.requests()),
                        bad.train(Samples.batch("b", 1)))) {
            Throwable e = failure(call);
            assertThat(e)
                    .isInstanceOf(PolicyUnauthenticatedException.class)
                    .hasMessageContaining("UNAUTHENTICATED")
                    .hasMessageContaining("invalid bearer token")
                    .hasMessageNotContaining(TOKEN)
                    .hasMessageNotContaining("guess-9876");
            assertThat(((PolicyException) e).code()).isEqualTo(PolicyErrorCode.UNAUTHENTICATED);
        }
        assertThat(fixture.service.callCount("generate")).isZero();
        assertThat(good.health().join().status()).isEqualTo("ok");
    }

    @Test
    void missingTokenIsUnauthenticated() {
        PolicyClient anonymous = fixture.client();
        assertThat(failure(anonymous.version()))
                .isInstanceOf(PolicyUnauthenticatedException.class)
                .hasMessageContaining("missing bearer token");
        assertThat(good.version().join().current()).isZero();
    }

    @Test
    void optionsNeverPrintTheToken() {
        assertThat(good.options().toString()).doesNotContain(TOKEN).contains("bearerToken=***");
    }
}
