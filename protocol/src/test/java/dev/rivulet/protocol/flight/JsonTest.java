package dev.rivulet.protocol.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        return Json.read(Json.write(value), type);
    }

    @Test
    void actionRecordsRoundTrip() throws Exception {
        Health health = new Health("ok", 3, 2, "gpu(0)", 1234);
        assertThat(roundTrip(health, Health.class)).isEqualTo(health);
        assertThat(roundTrip(new PolicyVersion(5, 4), PolicyVersion.class))
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(5, 4));
        assertThat(roundTrip(new CheckpointInfo("/tmp/v5", 5), CheckpointInfo.class))
                .isEqualTo(new CheckpointInfo("/tmp/v5", 5));
        List<LedgerEntry> ledger = List.of(new LedgerEntry("r", "b", 1));
        assertThat(Json.readList(Json.write(ledger), LedgerEntry.class)).isEqualTo(ledger);
        assertThat(Json.readList(Json.write(Samples.scoreRequests()), ScoreRequest.class))
                .isEqualTo(Samples.scoreRequests());
        assertThat(Json.readList(Json.write(Samples.scoreResults()), ScoreResult.class))
                .isEqualTo(Samples.scoreResults());
    }

    @Test
    void nonFiniteStatisticsSurvive() throws Exception {
        TrainResult r =
                new TrainResult(
                        "b", 1, Double.NaN, 0.5, 1, 0, Double.POSITIVE_INFINITY, 7, 2, true);
        TrainResult back = roundTrip(r, TrainResult.class);
        assertThat(back.loss()).isNaN();
        assertThat(back.gradNorm()).isInfinite();
        assertThat(back).isEqualTo(r);
    }

    @Test
    void missingFieldsAndInvalidValuesFail() {
        byte[] missing = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.read(missing, Json.VersionArg.class))
                .hasMessageContaining("version");
        byte[] invalid =
                "{\"current\":1,\"committed\":2,\"lineage\":\"x\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.read(invalid, PolicyVersion.class))
                .hasMessageContaining("current (1) must be >= committed (2)");
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() throws Exception {
        byte[] body =
                "{\"version\":4,\"reason\":\"checkpoint 9\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.read(body, Json.VersionArg.class).version()).isEqualTo(4);
    }
}
