package dev.rivulet.jobs;

import java.util.Collection;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB options factory that caps the {@code MANIFEST} file: RocksDB appends a version edit to it
 * on every flush and compaction (so on every checkpoint) and starts a new one only when a DB is
 * opened or the file reaches {@code max_manifest_file_size}, 1 GB by default; the soak saw it grow
 * about 33 KB a minute. Flink 2.3 has no configuration key for it, hence this factory ({@code
 * state.backend.rocksdb.options-factory}); everything else stays as Flink configures it.
 */
public final class RocksDbManifestCap implements ConfigurableRocksDBOptionsFactory {

    private static final long serialVersionUID = 1L;

    /** Size at which RocksDB starts a new MANIFEST (writing a snapshot of the live files). */
    public static final ConfigOption<MemorySize> MAX_MANIFEST_FILE_SIZE =
            ConfigOptions.key("rivulet.rocksdb.max-manifest-file-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription("RocksDB max_manifest_file_size (RocksDbManifestCap).");

    private static final String FACTORY_KEY = "state.backend.rocksdb.options-factory";

    private long maxManifestFileSize = MAX_MANIFEST_FILE_SIZE.defaultValue().getBytes();

    /** Sets this factory in a Flink configuration unless another one is set. */
    public static Configuration apply(Configuration conf) {
        if (!conf.containsKey(FACTORY_KEY)) {
            conf.setString(FACTORY_KEY, RocksDbManifestCap.class.getName());
        }
        return conf;
    }

    /** The cap this factory applies, in bytes. */
    public long maxManifestFileSize() {
        return maxManifestFileSize;
    }

    @Override
    public RocksDBOptionsFactory configure(ReadableConfig config) {
        maxManifestFileSize = config.get(MAX_MANIFEST_FILE_SIZE).getBytes();
        return this;
    }

    @Override
    public DBOptions createDBOptions(
            DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions.setMaxManifestFileSize(maxManifestFileSize);
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }
}
