package dev.rivulet.operators.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Serialises an {@link IndexSplit} (and the enumerator state, a nullable split) as a long. */
final class IndexSplitSerializer implements SimpleVersionedSerializer<IndexSplit> {

    static final IndexSplitSerializer INSTANCE = new IndexSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(IndexSplit split) {
        return ByteBuffer.allocate(8).putLong(split == null ? -1 : split.next()).array();
    }

    @Override
    public IndexSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 || serialized.length != 8) {
            throw new IOException(
                    "unknown IndexSplit format: version "
                            + version
                            + ", "
                            + serialized.length
                            + " bytes");
        }
        long next = ByteBuffer.wrap(serialized).getLong();
        return next < 0 ? null : new IndexSplit(next);
    }
}
