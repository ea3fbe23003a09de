package dev.rivulet.tools.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the {@code config.yaml} and log4j file a local Flink cluster reads from its conf dir. */
final class ClusterConfigWriter {

    private ClusterConfigWriter() {}

    /** The Flink options of the cluster, in the order they are written. */
    static Map<String, String> options(ClusterSpec spec) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("jobmanager.rpc.address", "127.0.0.1");
        o.put("jobmanager.rpc.port", Integer.toString(spec.rpcPort()));
        o.put("jobmanager.bind-host", "127.0.0.1");
        o.put("jobmanager.memory.process.size", spec.jobManagerMemory());
        o.put("taskmanager.host", "127.0.0.1");
        o.put("taskmanager.bind-host", "127.0.0.1");
        o.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.slotsPerTaskManager()));
        o.put("taskmanager.memory.process.size", spec.taskManagerMemory());
        o.put("rest.address", "127.0.0.1");
        o.put("rest.bind-address", "127.0.0.1");
        o.put("rest.port", Integer.toString(spec.restPort()));
        o.put("parallelism.default", "1");
        o.put("state.backend.type", "rocksdb");
        dev.rivulet.jobs.RocksDbLogCap.apply(o);
        // the TaskManagers run from the project's class path, so the factory is there
        o.put(
                "state.backend.rocksdb.options-factory",
                dev.rivulet.jobs.RocksDbManifestCap.class.getName());
        o.put("execution.checkpointing.dir", spec.checkpointDir().toUri().toString());
        o.put("execution.checkpointing.incremental", "true");
        dev.rivulet.jobs.RestartPolicy.apply(o);
        o.put("heartbeat.timeout", "10000");
        o.put("heartbeat.interval", "2000");
        o.put(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        o.put("metrics.reporter.prom.port", spec.prometheusPorts());
        o.putAll(spec.extraConfig());
        return o;
    }

    static void write(ClusterSpec spec) throws IOException {
        Files.createDirectories(spec.confDir());
        Files.createDirectories(spec.logDir());
        Files.createDirectories(spec.pidDir());
        Files.createDirectories(spec.checkpointDir());
        StringBuilder yaml = new StringBuilder("# Written by rivulet cluster start\n");
        options(spec).forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(spec.confDir().resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
        String log4j =
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.append = true",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "logger.akka.name = org.apache.pekko",
                        "logger.akka.level = WARN",
                        "logger.netty.name = org.apache.flink.shaded.netty4",
                        "logger.netty.level = WARN",
                        // the HTTP/2 frame logger prints headers (the bearer token) at DEBUG
                        "logger.grpcframes.name = io.grpc.netty",
                        "logger.grpcframes.level = INFO",
                        "");
        Files.writeString(
                spec.confDir().resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
    }

    private static String quote(String v) {
        return v.matches("[A-Za-z0-9_./:\\-]+") ? v : "\"" + v.replace("\"", "\\\"") + "\"";
    }
}
