package dev.rivulet.operators.source;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serialises a {@link JsonlFileSplit} as its path, byte offset and lines read. */
final class JsonlFileSplitSerializer implements SimpleVersionedSerializer<JsonlFileSplit> {

    static final JsonlFileSplitSerializer INSTANCE = new JsonlFileSplitSerializer();

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(JsonlFileSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public JsonlFileSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        JsonlFileSplit split = read(in);
        if (in.available() > 0) {
            throw new IOException(
                    in.available() + " unexpected trailing bytes in a JsonlFileSplit");
        }
        return split;
    }

    static void write(JsonlFileSplit split, DataOutputSerializer out) throws IOException {
        out.writeUTF(split.path());
        out.writeLong(split.offset());
        out.writeLong(split.linesRead());
    }

    static JsonlFileSplit read(DataInputDeserializer in) throws IOException {
        return new JsonlFileSplit(in.readUTF(), in.readLong(), in.readLong());
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "unknown JSONL source state version " + version + ", expected " + VERSION);
        }
    }
}
