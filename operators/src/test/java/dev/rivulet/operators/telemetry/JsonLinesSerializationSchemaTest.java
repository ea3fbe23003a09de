package dev.rivulet.operators.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Kafka messages and file lines are the same bytes (the file adds only the newline). */
class JsonLinesSerializationSchemaTest {

    @Test
    void messageIsTheFileLineWithoutItsNewline() throws Exception {
        DeadLetterEvent dead =
                new DeadLetterEvent(1L, "in.jsonl", 3, "bad-json: x", "bad-json", "{\"a\":");
        LearnerStepEvent step =
                new LearnerStepEvent(
                        new LearnerStepEvent.Id(5L, "b-1", 3L),
                        new LearnerStepEvent.Losses(Double.NaN, 0.1, 0.9, 0.0, 1.0),
                        new LearnerStepEvent.Batch(4, 12, 0.5, 0.5, 1, 0.5),
                        new LearnerStepEvent.Progress(0, 0, 100, false, 0));
        for (Object event : new Object[] {dead, step}) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            new JsonLinesEncoder<>().encode(event, file);
            byte[] message = new JsonLinesSerializationSchema<>().serialize(event);
            assertThat(new String(message, "UTF-8") + "\n").isEqualTo(file.toString("UTF-8"));
        }
    }
}
