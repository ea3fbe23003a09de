package dev.rivulet.operators.source;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One JSONL file of a {@link JsonlFileSource} and how far it has been read.
 *
 * @param path the file's path (a Flink file-system URI or a local path)
 * @param offset byte offset of the next line to read
 * @param linesRead lines already read, so the next line's number is {@code linesRead + 1}
 */
public record JsonlFileSplit(String path, long offset, long linesRead) implements SourceSplit {

    /** A file not read yet. */
    public static JsonlFileSplit unread(String path) {
        return new JsonlFileSplit(path, 0, 0);
    }

    @Override
    public String splitId() {
        return path;
    }
}
