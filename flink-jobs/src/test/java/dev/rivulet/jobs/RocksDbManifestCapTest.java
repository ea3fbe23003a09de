package dev.rivulet.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

class RocksDbManifestCapTest {

    @Test
    void setsTheManifestCapFromTheConfiguration() {
        RocksDB.loadLibrary();
        Configuration conf = new Configuration();
        conf.set(RocksDbManifestCap.MAX_MANIFEST_FILE_SIZE, MemorySize.parse("64kb"));
        var factory = new RocksDbManifestCap().configure(conf);
        try (DBOptions options = factory.createDBOptions(new DBOptions(), new ArrayList<>())) {
            assertThat(options.maxManifestFileSize()).isEqualTo(64 * 1024);
        }
        try (DBOptions options =
                new RocksDbManifestCap()
                        .configure(new Configuration())
                        .createDBOptions(new DBOptions(), new ArrayList<>())) {
            assertThat(options.maxManifestFileSize()).isEqualTo(1024 * 1024);
        }
    }

    @Test
    void applyNamesTheFactoryUnlessAnotherIsSet() {
        Configuration conf = RocksDbManifestCap.apply(new Configuration());
        assertThat(conf.toMap())
                .containsEntry(
                        "state.backend.rocksdb.options-factory",
                        RocksDbManifestCap.class.getName());
        Configuration other = new Configuration();
        other.setString("state.backend.rocksdb.options-factory", "x.Y");
        assertThat(RocksDbManifestCap.apply(other).toMap())
                .containsEntry("state.backend.rocksdb.options-factory", "x.Y");
    }
}
