package io.keyferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin directory as users install it: a Connect worker whose classpath lacks the connectors finds
 * them in {@code plugin.path} through their service entries, and the shipped configs migrate a database.
 */
class PluginPackagingIT {
    private static final Path PLUGIN = Path.of(System.getProperty("keyferry.plugin.dir"));
    private static final Path CONFIG = Path.of(System.getProperty("keyferry.config.dir"));

    @TempDir
    static Path pluginPath;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startWorker() throws IOException {
        copy(PLUGIN, pluginPath.resolve(PLUGIN.getFileName()));
        connect = new EmbeddedConnectCluster.Builder().name("packaging").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("plugin.path", pluginPath.toString(),
                        "plugin.discovery", "service_load")))
                .build();
        connect.start();
    }

    @AfterAll
    static void stopWorker() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void pluginHoldsTheConnectorsTheirDependenciesAndAManifest() throws IOException {
        List<String> jars;
        try (Stream<Path> lib = Files.list(PLUGIN.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).toList();
        }
        for (String expected : List.of("keyferry-source-connector", "keyferry-sink-connector", "keyferry-common",
                "lettuce-core", "netty-handler", "reactor-core")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(expected)), expected + " in " + jars);
        }
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("kafka-clients") || j.startsWith("connect-api")),
                "the worker provides Kafka: " + jars);
        JsonNode manifest = new ObjectMapper().readTree(PLUGIN.resolve("manifest.json").toFile());
        assertEquals("keyferry-connect", manifest.get("name").asText());
        assertFalse(manifest.get("version").asText().contains("${"), "version filled in");
        assertTrue(Files.exists(PLUGIN.resolve("etc/source.json")), "ready configs shipped");
    }

    @Test
    void dockerComposeMountsThePluginThisBuildMakes() throws IOException {
        Path root = CONFIG.getParent();
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        Path mounted = root.resolve(root.relativize(PLUGIN).toString());
        assertTrue(compose.contains("./" + root.relativize(PLUGIN) + ":/opt/connectors/"),
                "docker-compose.yml mounts " + root.relativize(PLUGIN));
        assertTrue(Files.isDirectory(mounted.resolve("lib")));
        assertTrue(compose.contains("./config/connect-distributed.properties:"));
    }

    @Test
    void workerFindsTheConnectorsInPluginPathAndTheShippedConfigsMigrate() throws IOException {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.keyferry.source.RedisSourceConnector"),
                "the connectors must come from plugin.path, not from this test's classpath");
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "bulk", 2_000);
            Map<String, String> sourceConfig = shippedConfig("source.json");
            sourceConfig.put("redis.uri", source.uri());
            Map<String, String> sinkConfig = shippedConfig("sink.json");
            sinkConfig.put("redis.uri", target.uri());
            connect.configureConnector("redis-source", sourceConfig);
            connect.configureConnector("redis-sink", sinkConfig);

            ComparisonReport report = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(90));
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertEquals(source.sync().dbsize(), report.sourceKeys());
            connect.deleteConnector("redis-source");
            connect.deleteConnector("redis-sink");
        }
    }

    private static Map<String, String> shippedConfig(String file) throws IOException {
        JsonNode config = new ObjectMapper().readTree(CONFIG.resolve(file).toFile()).get("config");
        Map<String, String> values = new HashMap<>();
        config.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
