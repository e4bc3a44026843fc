package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.source.RedisSourceConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * Servers that behave like managed services (ElastiCache, MemoryDB, Azure Cache, Memorystore): CONFIG, PSYNC,
 * SYNC, DEBUG, MIGRATE, SAVE, BGSAVE, MODULE, REPLICAOF and SLAVEOF renamed away, notify-keyspace-events set in
 * their configuration (a parameter group) or not at all.
 */
class ManagedServiceIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> BLOCKED = List.of("CONFIG", "PSYNC", "SYNC", "DEBUG", "MIGRATE", "SAVE",
            "BGSAVE", "MODULE", "REPLICAOF", "SLAVEOF");

    /** @param notifications notify-keyspace-events as its parameter group sets it, or null for none */
    private static RedisServer managed(String notifications) {
        List<String> args = new ArrayList<>();
        for (String command : BLOCKED) {
            args.addAll(List.of("--rename-command", command, "blocked-" + command.toLowerCase() + "-7f3a"));
        }
        if (notifications != null) {
            args.addAll(List.of("--notify-keyspace-events", notifications));
        }
        return RedisServer.start(RedisBinary.defaultBinary(), args.toArray(String[]::new));
    }

    @Test
    void snapshotAndLiveCopyBetweenManagedServicesOnceTheUserSaysTheFlagsAreSet() {
        try (RedisServer source = managed("KEA"); RedisServer target = managed(null)) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "managed", 3_000);
            cluster.createTopic("managed", 4);
            Map<String, String> live = cluster.liveSourceConfig(source, "managed", 4);

            // The flags cannot be read: validation says how to set them on the service and how to go on.
            List<String> errors = modeErrors(live);
            assertTrue(errors.stream().anyMatch(e -> e.contains("parameter group")
                    && e.contains("redis.live.notifications.verify=false")), errors::toString);

            live.put("redis.live.notifications.verify", "false");
            assertTrue(modeErrors(live).isEmpty(), () -> modeErrors(live).toString());
            cluster.deploy("managed-source", live);
            cluster.deploy("managed-sink", ConnectCluster.sinkConfig(target, "managed"));
            assertEqual(source, target);

            source.syncStrings().set("managed:changed", "after the snapshot");
            source.syncStrings().del("managed:1");
            Await.until("live changes to reach the target", TIMEOUT,
                    () -> "after the snapshot".equals(target.syncStrings().get("managed:changed"))
                            && target.syncStrings().exists("managed:1") == 0);
            assertEqual(source, target);
            cluster.awaitRunning("managed-source");
            cluster.awaitRunning("managed-sink");
        }
    }

    @Test
    void aSourceWhoseNotificationsAreOffIsNoticedWhileKeysChange() {
        try (RedisServer source = managed(null)) {
            TestData.writeStrings(source, "silent", 100);
            cluster.createTopic("silent", 1);
            Map<String, String> live = cluster.liveSourceConfig(source, "silent", 1);
            live.put("redis.live.notifications.verify", "false");
            live.put("redis.live.notifications.watch.ms", "500");
            cluster.deploy("silent-source", live);
            cluster.awaitRunning("silent-source");
            Await.until("the watch to notice writes without notifications", TIMEOUT, () -> {
                TestData.writeStrings(source, "silent-change", 20);
                return cluster.taskMetric("silent-source", 0, "notifications-missing") > 0;
            });
        }
    }

    @Test
    void aReplicationCaptureOfAServiceWithoutPsyncFailsValidationNamingNotifications() {
        try (RedisServer source = managed("KEA")) {
            Map<String, String> live = cluster.liveSourceConfig(source, "unattached", 1);
            live.put("redis.live.notifications.verify", "false");
            live.put("redis.capture", "replication");
            List<String> errors = modeErrors(live);
            assertTrue(errors.stream().anyMatch(e -> e.contains("does not let clients run PSYNC")
                    && e.contains("use redis.capture=notifications")), errors::toString);
            live.put("redis.capture", "notifications");
            assertTrue(modeErrors(live).isEmpty(), () -> modeErrors(live).toString());
        }
    }

    private static void assertEqual(RedisServer source, RedisServer target) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
        assertTrue(report.identical(), () -> "target differs from source:\n" + report);
    }

    private static List<String> modeErrors(Map<String, String> config) {
        return new RedisSourceConnector().validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty()).map(ConfigValue::errorMessages)
                .flatMap(List::stream).collect(Collectors.toList());
    }
}
