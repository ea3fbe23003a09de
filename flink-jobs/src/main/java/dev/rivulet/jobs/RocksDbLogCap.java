package dev.rivulet.jobs;

import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Caps RocksDB's own info log ({@code LOG} files in each state backend's db directory), which
 * otherwise grows to Flink's defaults of 25 MB a file and 4 files per RocksDB instance (the
 * 30-minute soak saw a 12.5 MB {@code LOG} next to 1 MB of state): at most {@value #FILE_NUM} files
 * of {@value #MAX_FILE_SIZE} each.
 */
public final class RocksDbLogCap {

    /** {@code RocksDBConfigurableOptions.LOG_MAX_FILE_SIZE}. */
    public static final String MAX_FILE_SIZE_KEY = "state.backend.rocksdb.log.max-file-size";

    /** {@code RocksDBConfigurableOptions.LOG_FILE_NUM}. */
    public static final String FILE_NUM_KEY = "state.backend.rocksdb.log.file-num";

    /** Size at which RocksDB rolls its info log. */
    public static final String MAX_FILE_SIZE = "2mb";

    /** Info log files RocksDB keeps (the current one included). */
    public static final String FILE_NUM = "2";

    private RocksDbLogCap() {}

    /** Sets the cap in a Flink configuration (unless already set). */
    public static Configuration apply(Configuration conf) {
        if (!conf.containsKey(MAX_FILE_SIZE_KEY)) {
            conf.setString(MAX_FILE_SIZE_KEY, MAX_FILE_SIZE);
        }
        if (!conf.containsKey(FILE_NUM_KEY)) {
            conf.setString(FILE_NUM_KEY, FILE_NUM);
        }
        return conf;
    }

    /** Sets the cap in a flat key/value Flink configuration (unless already set). */
    public static void apply(Map<String, String> conf) {
        conf.putIfAbsent(MAX_FILE_SIZE_KEY, MAX_FILE_SIZE);
        conf.putIfAbsent(FILE_NUM_KEY, FILE_NUM);
    }
}
