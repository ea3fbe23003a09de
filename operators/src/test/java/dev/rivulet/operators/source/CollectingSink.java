package dev.rivulet.operators.source;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** A test sink (same JVM as the MiniCluster) putting every record into a named static queue. */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private static final ConcurrentHashMap<String, BlockingQueue<Object>> QUEUES =
            new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
        QUEUES.put(name, new LinkedBlockingQueue<>());
    }

    /** The records received so far, to poll with a timeout. */
    BlockingQueue<Object> queue() {
        return QUEUES.get(name);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        BlockingQueue<Object> queue = QUEUES.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
