package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.it.harness.TlsCertificates;
import io.keyferry.sink.RedisSinkConnector;
import io.keyferry.source.RedisSourceConnector;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.ClientListArgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS with a private CA, and mutual TLS, on real servers with {@code --tls-port} and certificates the test makes;
 * each way TLS goes wrong fails validate() with a message that says which and what to set.
 */
class TlsIT extends ConnectClusterTest {
    private static TlsCertificates certificates;

    @BeforeAll
    static void makeCertificates() {
        certificates = TlsCertificates.generate();
    }

    @AfterAll
    static void deleteCertificates() {
        certificates.close();
    }

    @Test
    void snapshotFromAPrivateCaSourceIntoATargetThatRequiresAClientCertificate() {
        try (RedisServer source = RedisServer.startTls(certificates, "server", false);
             RedisServer target = RedisServer.startTls(certificates, "server", true)) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "tls", 2_000);
            cluster.createTopic("tls", 4);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, "tls", 4);
            sourceConfig.putAll(trusting(source.tlsUri()));
            Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, "tls");
            sinkConfig.putAll(trusting(target.tlsUri()));
            sinkConfig.putAll(clientCertificate());
            assertEquals(Map.of(), errors(new RedisSourceConnector(), sourceConfig));
            assertEquals(Map.of(), errors(new RedisSinkConnector(), sinkConfig));
            cluster.deploy("tls-source", sourceConfig);
            cluster.deploy("tls-sink", sinkConfig);

            ComparisonReport report = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(120));
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
        }
    }

    /**
     * redis.capture=replication from a server that takes only TLS clients with certificates: the replication link
     * trusts the private CA and shows the client certificate, as the connector's other connections do.
     */
    @Test
    void aReplicationCaptureAttachesOverMutualTls() {
        try (RedisServer source = RedisServer.startTls(certificates, "server", true);
             RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "tls-replicated", 2_000);
            cluster.createTopic("tls-replicated", 4);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "tls-replicated", 4);
            sourceConfig.putAll(trusting(source.tlsUri()));
            sourceConfig.putAll(clientCertificate());
            sourceConfig.put("redis.capture", "replication");
            assertEquals(Map.of(), errors(new RedisSourceConnector(), sourceConfig));
            cluster.deploy("tls-replicated-source", sourceConfig);
            cluster.deploy("tls-replicated-sink", ConnectCluster.sinkConfig(target, "tls-replicated"));

            ComparisonReport report = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(120));
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            source.syncStrings().set("tls-replicated:changed", "through the stream");
            Await.until("the change to reach the target through the stream", Duration.ofSeconds(60),
                    () -> "through the stream".equals(target.syncStrings().get("tls-replicated:changed")));
            String replicas = source.syncStrings().clientList(ClientListArgs.Builder.typeReplica());
            assertTrue(replicas.contains(":" + source.tlsPort() + " "), "the replica attached on the TLS port: "
                    + replicas);
            assertEquals(1, source.stat("sync_full"));
        }
    }

    /**
     * A cluster whose nodes take only TLS clients with certificates, read live by a user with the documented source
     * rules, into a TLS cluster written by a user with the sink rules: each node is reached on the TLS port the
     * cluster announces to TLS clients, through the same CA and client certificate as the seed.
     */
    @Test
    void aClusterRequiringClientCertificatesReplicatesLiveIntoATlsClusterWithTheDocumentedRules() {
        try (RedisCluster source = RedisCluster.startTls(certificates, 3, 0, true);
             RedisCluster target = RedisCluster.startTls(certificates, 3, 0, false)) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "tls-cluster", 3_000);
            for (RedisServer node : source.nodes()) {
                node.syncStrings().configSet("notify-keyspace-events", "KEA");
                LeastPrivilegeIT.user(node, "keyferry-source",
                        LeastPrivilegeIT.SOURCE_RULES + LeastPrivilegeIT.CLUSTER_RULES);
            }
            target.nodes().forEach(node -> LeastPrivilegeIT.user(node, "keyferry-sink",
                    LeastPrivilegeIT.SINK_RULES + LeastPrivilegeIT.CLUSTER_RULES));
            cluster.createTopic("tls-cluster", 6);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "tls-cluster", 6);
            sourceConfig.put("tasks.max", "3");
            sourceConfig.putAll(trusting(source.tlsUri()));
            sourceConfig.putAll(clientCertificate());
            LeastPrivilegeIT.credentials(sourceConfig, "keyferry-source");
            Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, "tls-cluster");
            sinkConfig.putAll(trusting(target.tlsUri()));
            LeastPrivilegeIT.credentials(sinkConfig, "keyferry-sink");
            assertEquals(Map.of(), errors(new RedisSourceConnector(), sourceConfig));
            assertEquals(Map.of(), errors(new RedisSinkConnector(), sinkConfig));
            cluster.deploy("tls-cluster-source", sourceConfig);
            cluster.deploy("tls-cluster-sink", sinkConfig);

            ComparisonReport snapshot = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(120));
            assertTrue(snapshot.identical(), () -> "after the snapshot, target differs from source:\n" + snapshot);
            try (RedisDeployment.StringConnection writes = source.connectStrings();
                 RedisDeployment.StringConnection reads = target.connectStrings()) {
                for (int i = 0; i < 300; i++) {
                    writes.sync().set("tls-cluster:" + i, "changed-" + i);
                    writes.sync().del("tls-cluster:" + (1_000 + i));
                }
                writes.sync().set("tls-cluster:last", "done");
                Await.until("the last live change to reach the target", Duration.ofSeconds(120),
                        () -> "done".equals(reads.sync().get("tls-cluster:last")));
            }
            ComparisonReport live = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(120));
            assertTrue(live.identical(), () -> "after live changes, target differs from source:\n" + live);
            cluster.awaitRunning("tls-cluster-source");
            cluster.awaitRunning("tls-cluster-sink");
        }
    }

    /**
     * The shipped configs for TLS (source-tls.json, sink-mtls.json), with ACL users whose passwords come from a
     * file through Connect's FileConfigProvider: the copy works, and the REST API shows only the references.
     */
    @Test
    void shippedTlsConfigsWithSecretsFromAFileCopyAndNeverShowThePasswords() throws IOException {
        try (RedisServer source = RedisServer.startTls(certificates, "server", false);
             RedisServer target = RedisServer.startTls(certificates, "server", true)) {
            TestData.writeStrings(source, "secret", 2_000);
            source.syncStrings().aclSetuser("keyferry-source", AclSetuserArgs.Builder.on().addPassword("source-pw-42")
                    .allKeys().allChannels().allCommands());
            target.syncStrings().aclSetuser("keyferry-sink", AclSetuserArgs.Builder.on().addPassword("target-pw-42")
                    .allKeys().allChannels().allCommands());
            Path secrets = Files.createTempFile("keyferry-secrets", ".properties");
            Files.writeString(secrets, "source.password=source-pw-42\ntarget.password=target-pw-42\n");
            try {
                // The topic is left to the source config's topic.creation settings, as with the shipped configs.
                Map<String, String> sourceConfig = shipped("source-tls.json", source.tlsUri(), secrets);
                sourceConfig.put("redis.topic", "tls-shipped");
                Map<String, String> sinkConfig = shipped("sink-mtls.json", target.tlsUri(), secrets);
                sinkConfig.put("topics", "tls-shipped");
                sinkConfig.put("redis.tls.cert.file", certificates.cert("client").toString());
                sinkConfig.put("redis.tls.key.file", certificates.key("client").toString());
                cluster.deploy("shipped-tls-source", sourceConfig);
                cluster.deploy("shipped-mtls-sink", sinkConfig);

                ComparisonReport report = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(120));
                assertTrue(report.identical(), () -> "target differs from source:\n" + report);
                for (String name : List.of("shipped-tls-source", "shipped-mtls-sink")) {
                    Map<String, String> shown = cluster.connect().connectorInfo(name).config();
                    assertTrue(shown.get("redis.password").startsWith("${file:"), shown.get("redis.password"));
                    assertTrue(shown.values().stream().noneMatch(value -> value.contains("pw-42")), shown::toString);
                }
            } finally {
                Files.delete(secrets);
            }
        }
    }

    /** A shipped config pointed at this test's server, CA and secrets file. */
    private static Map<String, String> shipped(String file, String uri, Path secrets) {
        Map<String, String> config = ConnectCluster.shippedConfig(file);
        config.put("redis.uri", uri);
        config.put("redis.tls.ca.file", certificates.ca().toString());
        config.put("redis.password", config.get("redis.password").replace("/etc/keyferry/secrets.properties",
                secrets.toString()));
        return config;
    }

    @Test
    void eachTlsMistakeFailsValidationSayingWhatToSet() {
        try (RedisServer plainTls = RedisServer.startTls(certificates, "server", false);
             RedisServer mutual = RedisServer.startTls(certificates, "server", true);
             RedisServer expired = RedisServer.startTls(certificates, "expired", false);
             RedisServer elsewhere = RedisServer.startTls(certificates, "elsewhere", false)) {
            assertUriError(Map.of("redis.uri", plainTls.tlsUri()), "set redis.tls.ca.file");
            Map<String, String> otherCa = new HashMap<>(trusting(plainTls.tlsUri()));
            otherCa.put("redis.tls.ca.file", certificates.otherCa().toString());
            assertUriError(otherCa, "set redis.tls.ca.file");
            assertUriError(trusting(expired.tlsUri()), "has expired");
            assertUriError(trusting(mutual.tlsUri()), "asks for a client certificate");
            assertUriError(trusting(elsewhere.tlsUri()), "does not name the host");

            Map<String, String> caOnly = new HashMap<>(trusting(elsewhere.tlsUri()));
            caOnly.put("redis.tls.verify", "ca");
            assertEquals(Map.of(), errors(new RedisSinkConnector(), sink(caOnly)), "verify=ca accepts any host name");

            Map<String, String> plainUri = new HashMap<>(trusting(plainTls.uri()));
            assertUriError(plainUri, "apply to TLS connections only");
            Map<String, String> certWithoutKey = new HashMap<>(trusting(mutual.tlsUri()));
            certWithoutKey.put("redis.tls.cert.file", certificates.cert("client").toString());
            assertUriError(certWithoutKey, "go together");
            Map<String, String> missingFile = new HashMap<>(trusting(plainTls.tlsUri()));
            missingFile.put("redis.tls.ca.file", certificates.ca() + ".missing");
            Map<String, List<String>> errors = errors(new RedisSinkConnector(), sink(missingFile));
            assertTrue(String.valueOf(errors.get("redis.tls.ca.file")).contains("no readable file"), errors::toString);
        }
    }

    private static Map<String, String> trusting(String uri) {
        return Map.of("redis.uri", uri, "redis.tls.ca.file", certificates.ca().toString());
    }

    private static Map<String, String> clientCertificate() {
        return Map.of("redis.tls.cert.file", certificates.cert("client").toString(),
                "redis.tls.key.file", certificates.key("client").toString());
    }

    private static Map<String, String> sink(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("topics", "tls");
        config.put("redis.connect.timeout.ms", "5000");
        return config;
    }

    /** Both connectors report the problem on redis.uri, with the words that say what to change. */
    private static void assertUriError(Map<String, String> settings, String expected) {
        Map<String, String> source = new HashMap<>(settings);
        source.put("redis.topic", "tls");
        source.put("redis.connect.timeout.ms", "5000");
        for (Map.Entry<Connector, Map<String, String>> connector : Map.<Connector, Map<String, String>>of(
                new RedisSourceConnector(), source, new RedisSinkConnector(), sink(settings)).entrySet()) {
            List<String> errors = errors(connector.getKey(), connector.getValue()).get("redis.uri");
            assertTrue(errors != null && String.join(" ", errors).contains(expected),
                    connector.getKey().getClass().getSimpleName() + " on " + settings + ": expected '" + expected
                            + "' in " + errors);
        }
    }

    private static Map<String, List<String>> errors(Connector connector, Map<String, String> config) {
        return connector.validate(config).configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
