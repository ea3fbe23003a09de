package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileEnumeratorTest {

    @TempDir Path dir;

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Files.writeString(dir.resolve(name), "{}\n");
        }
    }

    private static List<String> assignedNames(MockSplitEnumeratorContext<JsonlFileSplit> ctx) {
        return ctx.getSplitsAssignmentSequence().stream()
                .map(SplitsAssignment::assignment)
                .flatMap(m -> m.values().stream())
                .flatMap(List::stream)
                .map(s -> new org.apache.flink.core.fs.Path(s.path()).getName())
                .toList();
    }

    @Test
    void listsJsonlFilesByNameSkippingHiddenAndOtherFiles() throws IOException {
        touch("b.jsonl", "a.jsonl", "c.json", ".d.jsonl", "_e.jsonl", "f.jsonl.tmp");
        Files.createDirectory(dir.resolve("g.jsonl"));
        assertThat(JsonlFileEnumerator.list(dir.toString()))
                .extracting(p -> Path.of(p).getFileName().toString())
                .containsExactly("a.jsonl", "b.jsonl");
        assertThat(JsonlFileEnumerator.list(dir.resolve("c.json").toString())).hasSize(1);
    }

    @Test
    void boundedEnumeratorHandsOutEachFileOnceThenNoMoreSplits() throws Throwable {
        touch("a.jsonl", "b.jsonl");
        try (MockSplitEnumeratorContext<JsonlFileSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            ctx.registerReader(new ReaderInfo(0, "host"));
            ctx.registerReader(new ReaderInfo(1, "host"));
            JsonlFileEnumerator e =
                    new JsonlFileEnumerator(
                            ctx, dir.toString(), 0, false, JsonlEnumeratorState.empty());
            e.start();
            e.handleSplitRequest(0, "host");
            assertThat(ctx.getSplitsAssignmentSequence()).as("waits for the listing").isEmpty();
            ctx.runNextOneTimeCallable();
            e.handleSplitRequest(1, "host");
            assertThat(assignedNames(ctx)).containsExactly("a.jsonl", "b.jsonl");
            e.handleSplitRequest(0, "host");
            assertThat(ctx.hasNoMoreSplits(0)).isTrue();
            assertThat(ctx.hasNoMoreSplits(1)).isFalse();

            // a failed reader gives its split back, and it goes to the next reader that asks
            e.addSplitsBack(
                    List.of(new JsonlFileSplit(dir.resolve("b.jsonl").toString(), 3, 1)), 1);
            JsonlEnumeratorState state = e.snapshotState(1);
            assertThat(state.pending()).hasSize(1);
            assertThat(state.seen()).hasSize(2);
            e.handleSplitRequest(1, "host");
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(3);
        }
    }

    @Test
    void poolEnumeratorHandsOutEachFileOnceAndNeverEnds() throws Throwable {
        touch("a.jsonl");
        try (MockSplitEnumeratorContext<JsonlFileSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            ctx.registerReader(new ReaderInfo(0, "host"));
            JsonlFileEnumerator e =
                    new JsonlFileEnumerator(
                            ctx, dir.toString(), 0, true, JsonlEnumeratorState.empty());
            e.start();
            ctx.runNextOneTimeCallable();
            e.handleSplitRequest(0, "host");
            e.handleSplitRequest(0, "host");
            assertThat(assignedNames(ctx)).containsExactly("a.jsonl");
            assertThat(ctx.hasNoMoreSplits(0)).as("the pool source stays open").isFalse();
        }
        assertThat(JsonlFileSource.pool(dir.toString()).getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void watchingEnumeratorAssignsNewFilesOnceAcrossRestores() throws Throwable {
        touch("a.jsonl");
        JsonlEnumeratorState state;
        try (MockSplitEnumeratorContext<JsonlFileSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            ctx.registerReader(new ReaderInfo(0, "host"));
            JsonlFileEnumerator e =
                    new JsonlFileEnumerator(
                            ctx, dir.toString(), 50, false, JsonlEnumeratorState.empty());
            e.start();
            ctx.runPeriodicCallable(0);
            e.handleSplitRequest(0, "host");
            e.handleSplitRequest(0, "host");
            assertThat(ctx.hasNoMoreSplits(0)).as("watching never ends").isFalse();
            touch("b.jsonl");
            ctx.runPeriodicCallable(0);
            ctx.runPeriodicCallable(0);
            assertThat(assignedNames(ctx)).containsExactly("a.jsonl", "b.jsonl");
            touch("c.jsonl");
            ctx.runPeriodicCallable(0);
            state = e.snapshotState(1);
            assertThat(state.pending()).extracting(JsonlFileSplit::offset).containsExactly(0L);
        }
        touch("d.jsonl");
        try (MockSplitEnumeratorContext<JsonlFileSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            ctx.registerReader(new ReaderInfo(0, "host"));
            JsonlFileEnumerator e = new JsonlFileEnumerator(ctx, dir.toString(), 50, false, state);
            e.start();
            ctx.runPeriodicCallable(0);
            e.handleSplitRequest(0, "host");
            e.handleSplitRequest(0, "host");
            e.handleSplitRequest(0, "host");
            assertThat(assignedNames(ctx)).containsExactly("c.jsonl", "d.jsonl");
        }
    }
}
