package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlSourceStateSerializerTest {

    @Test
    void splitsRoundTrip() throws IOException {
        JsonlFileSplitSerializer s = JsonlFileSplitSerializer.INSTANCE;
        for (JsonlFileSplit split :
                List.of(
                        JsonlFileSplit.unread("/data/a.jsonl"),
                        new JsonlFileSplit("file:/data/ü b.jsonl", 1L << 40, 123_456_789L))) {
            JsonlFileSplit back = s.deserialize(s.getVersion(), s.serialize(split));
            assertThat(back).isEqualTo(split);
            assertThat(back.splitId()).isEqualTo(split.path());
        }
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        JsonlEnumeratorStateSerializer s = JsonlEnumeratorStateSerializer.INSTANCE;
        JsonlEnumeratorState state =
                new JsonlEnumeratorState(
                        List.of(
                                JsonlFileSplit.unread("/d/c.jsonl"),
                                new JsonlFileSplit("/d/b.jsonl", 7, 2)),
                        List.of("/d/a.jsonl", "/d/b.jsonl", "/d/c.jsonl"));
        assertThat(s.deserialize(s.getVersion(), s.serialize(state))).isEqualTo(state);
        JsonlEnumeratorState empty = JsonlEnumeratorState.empty();
        assertThat(s.deserialize(s.getVersion(), s.serialize(empty))).isEqualTo(empty);
    }

    @Test
    void unknownVersionsAndTrailingBytesFailLoudly() throws IOException {
        JsonlFileSplitSerializer s = JsonlFileSplitSerializer.INSTANCE;
        byte[] bytes = s.serialize(JsonlFileSplit.unread("/a.jsonl"));
        assertThatThrownBy(() -> s.deserialize(99, bytes)).hasMessageContaining("version 99");
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> s.deserialize(1, longer)).hasMessageContaining("trailing");
    }
}
