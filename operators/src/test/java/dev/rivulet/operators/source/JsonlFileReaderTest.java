package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileReaderTest {

    @TempDir Path dir;

    private final AtomicInteger splitRequests = new AtomicInteger();
    private final List<String> lines = new ArrayList<>();

    private final SourceReaderContext context =
            (SourceReaderContext)
                    Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {SourceReaderContext.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("sendSplitRequest")) {
                                    splitRequests.incrementAndGet();
                                    return null;
                                }
                                throw new UnsupportedOperationException(method.getName());
                            });

    private final ReaderOutput<SourceLine> output =
            new ReaderOutput<>() {
                @Override
                public void collect(SourceLine record) {
                    lines.add(
                            Path.of(record.source()).getFileName()
                                    + ":"
                                    + record.line()
                                    + ":"
                                    + new String(record.bytes(), StandardCharsets.UTF_8));
                }

                @Override
                public void collect(SourceLine record, long timestamp) {
                    collect(record);
                }

                @Override
                public void emitWatermark(Watermark watermark) {}

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}

                @Override
                public SourceOutput<SourceLine> createOutputForSplit(String splitId) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void releaseOutputForSplit(String splitId) {}
            };

    private String write(String name, int count) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            sb.append("row").append(i).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, sb);
        return file.toString();
    }

    private static List<String> expected(String name, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(name + ":" + i + ":row" + i);
        }
        return out;
    }

    private InputStatus drain(JsonlFileReader reader) throws IOException {
        InputStatus status;
        do {
            status = reader.pollNext(output);
        } while (status == InputStatus.MORE_AVAILABLE);
        return status;
    }

    @Test
    void readsAssignedFilesInOrderAndAsksForMore() throws IOException {
        String a = write("a.jsonl", 3);
        String b = write("b.jsonl", 2);
        JsonlFileReader reader = new JsonlFileReader(context, 1000);
        reader.start();
        assertThat(splitRequests).hasValue(1);
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();
        assertThat(splitRequests).as("one request at a time").hasValue(1);

        reader.addSplits(List.of(JsonlFileSplit.unread(a), JsonlFileSplit.unread(b)));
        assertThat(reader.isAvailable()).isDone();
        assertThat(drain(reader)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(splitRequests).hasValue(2);
        List<String> all = new ArrayList<>(expected("a.jsonl", 3));
        all.addAll(expected("b.jsonl", 2));
        assertThat(lines).isEqualTo(all);
        assertThat(reader.snapshotState(1)).isEmpty();

        reader.notifyNoMoreSplits();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.END_OF_INPUT);
        reader.close();
    }

    @Test
    void aRestoredReaderResumesMidFileWithTheQueuedFiles() throws Exception {
        int rows = JsonlFileReader.LINES_PER_POLL + 44;
        String a = write("a.jsonl", rows);
        String b = write("b.jsonl", 5);
        JsonlFileReader first = new JsonlFileReader(context, 1000);
        first.addSplits(List.of(JsonlFileSplit.unread(a), JsonlFileSplit.unread(b)));
        first.start();
        assertThat(splitRequests).as("restored splits come first").hasValue(0);
        assertThat(first.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(lines).hasSize(JsonlFileReader.LINES_PER_POLL);
        List<JsonlFileSplit> state = first.snapshotState(7);
        assertThat(state).hasSize(2);
        assertThat(state.get(0).linesRead()).isEqualTo(JsonlFileReader.LINES_PER_POLL);
        assertThat(state.get(1)).isEqualTo(JsonlFileSplit.unread(b));
        first.close(); // the task fails here: lines emitted after the snapshot are lost with it

        JsonlFileSplitSerializer s = JsonlFileSplitSerializer.INSTANCE;
        List<JsonlFileSplit> restored = new ArrayList<>();
        for (JsonlFileSplit split : state) {
            restored.add(s.deserialize(s.getVersion(), s.serialize(split)));
        }
        JsonlFileReader second = new JsonlFileReader(context, 1000);
        second.addSplits(restored);
        second.start();
        second.notifyNoMoreSplits();
        assertThat(drain(second)).isEqualTo(InputStatus.END_OF_INPUT);
        List<String> all = new ArrayList<>(expected("a.jsonl", rows));
        all.addAll(expected("b.jsonl", 5));
        assertThat(lines).isEqualTo(all);
        second.close();
    }
}
