package dev.rivulet.tools.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3-compatible server for tests: S3Proxy in this JVM on a loopback ephemeral port, backed
 * by jclouds' in-memory ({@code transient}) blob store, with one bucket and AWS v2/v4 signatures
 * checked against an access and a secret key. {@link #flinkConfiguration} holds the {@code s3.*}
 * keys a Flink deployment sets; {@link #initializeFlink} installs Flink's S3 filesystem from a
 * plugins directory laid out as in the Flink image ({@code plugins/s3-fs-hadoop/}).
 */
final class S3Store implements AutoCloseable {

    static final String ACCESS_KEY = "rivulet-test-access";
    static final String SECRET_KEY = "rivulet-test-secret-0123456789";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final String bucket;

    private S3Store(BlobStoreContext context, S3Proxy proxy, String bucket) {
        this.context = context;
        this.proxy = proxy;
        this.bucket = bucket;
    }

    /** Starts S3Proxy on 127.0.0.1 (free port) with an empty {@code bucket}. */
    static S3Store start(String bucket) throws Exception {
        BlobStoreContext context =
                ContextBuilder.newBuilder("transient")
                        .credentials(ACCESS_KEY, SECRET_KEY)
                        .overrides(new Properties())
                        .build(BlobStoreContext.class);
        S3Proxy proxy =
                S3Proxy.builder()
                        .blobStore(context.getBlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "S3Proxy did not start in 30 s: state " + proxy.getState());
                }
                Thread.sleep(20);
            }
            context.getBlobStore().createContainerInLocation(null, bucket);
            return new S3Store(context, proxy, bucket);
        } catch (Exception | Error e) {
            proxy.stop();
            context.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** {@code s3://<bucket>/<path>}. */
    String uri(String path) {
        return "s3://" + bucket + "/" + path;
    }

    /**
     * The Flink keys for this store: endpoint, path-style access, keys. These are the keys of the
     * commented S3 example in docker/flink/config.yaml.
     */
    Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", endpoint());
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", ACCESS_KEY);
        conf.setString("s3.secret-key", SECRET_KEY);
        // plain HTTP on loopback; no retries against a dead test server
        conf.setString("s3.connection.ssl.enabled", "false");
        return conf;
    }

    /**
     * Initialises Flink's file systems with {@code conf} and the plugins under {@code pluginsRoot}
     * (each plugin in its own class loader, as on a Flink cluster).
     */
    static void initializeFlink(Configuration conf, Path pluginsRoot) throws Exception {
        FileSystem.initialize(
                conf,
                new DefaultPluginManager(
                        new DirectoryBasedPluginFinder(pluginsRoot).findPlugins(),
                        CoreOptions.getPluginParentFirstLoaderPatterns(conf)));
    }

    /** Every object key in the bucket under {@code prefix}, with its size. */
    List<StoredObject> list(String prefix) {
        BlobStore store = context.getBlobStore();
        List<StoredObject> out = new ArrayList<>();
        ListContainerOptions options = ListContainerOptions.Builder.recursive().prefix(prefix);
        while (true) {
            PageSet<? extends StorageMetadata> page = store.list(bucket, options);
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB) {
                    Long size = m.getSize();
                    out.add(new StoredObject(m.getName(), size == null ? -1 : size));
                }
            }
            if (page.getNextMarker() == null) {
                return out;
            }
            options = ListContainerOptions.Builder.recursive().prefix(prefix);
            options.afterMarker(page.getNextMarker());
        }
    }

    /** One object in the bucket. */
    record StoredObject(String key, long size) {}

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
