package dev.rivulet.operators.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.api.common.serialization.Encoder;

/**
 * A file-sink {@link Encoder} writing each record as one line of {@link JsonLines} JSON.
 *
 * @param <T> the record type
 */
public final class JsonLinesEncoder<T> implements Encoder<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        stream.write(JsonLines.toBytes(element));
        stream.write('\n');
    }
}
