package dev.rivulet.operators.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serialises a {@link JsonlEnumeratorState}: the pending splits, then the seen paths. */
final class JsonlEnumeratorStateSerializer
        implements SimpleVersionedSerializer<JsonlEnumeratorState> {

    static final JsonlEnumeratorStateSerializer INSTANCE = new JsonlEnumeratorStateSerializer();

    @Override
    public int getVersion() {
        return JsonlFileSplitSerializer.INSTANCE.getVersion();
    }

    @Override
    public byte[] serialize(JsonlEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.pending().size());
        for (JsonlFileSplit split : state.pending()) {
            JsonlFileSplitSerializer.write(split, out);
        }
        out.writeInt(state.seen().size());
        for (String path : state.seen()) {
            out.writeUTF(path);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public JsonlEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        JsonlFileSplitSerializer.checkVersion(version);
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int pendingCount = in.readInt();
        List<JsonlFileSplit> pending = new ArrayList<>(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            pending.add(JsonlFileSplitSerializer.read(in));
        }
        int seenCount = in.readInt();
        List<String> seen = new ArrayList<>(seenCount);
        for (int i = 0; i < seenCount; i++) {
            seen.add(in.readUTF());
        }
        if (in.available() > 0) {
            throw new IOException(
                    in.available() + " unexpected trailing bytes in a JSONL enumerator state");
        }
        return new JsonlEnumeratorState(pending, seen);
    }
}
