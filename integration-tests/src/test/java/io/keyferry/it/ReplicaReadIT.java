package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.source.RedisSourceConnector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * A source that reads replicas, on real primary/replica pairs: the primaries serve none of the migration's reads,
 * the target ends equal to the primaries, snapshot and live, and a replica's full sync from its primary (which
 * replaces its keys without notifications) is noticed and resynced.
 */
class ReplicaReadIT extends ConnectClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(90);
    /** Commands that read keys or scan: a primary whose replica is read must not have served any. */
    private static final List<String> READS = List.of("scan", "dump", "evalsha", "eval", "type", "pttl");

    @Test
    void aStandaloneReplicaIsReadLiveAndItsFullSyncFromThePrimaryIsResynced() {
        try (RedisServer primary = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(primary.sync());
            TestData.writeStrings(primary, "replicated", 5_000);
            try (RedisServer replica = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA",
                    "--replicaof", primary.host(), String.valueOf(primary.port()))) {
                awaitInSync(replica);
                primary.syncStrings().configResetstat();
                cluster.createTopic("replica-read", 4);
                cluster.deploy("replica-read-source", cluster.liveSourceConfig(replica, "replica-read", 4));
                cluster.deploy("replica-read-sink", ConnectCluster.sinkConfig(target, "replica-read"));
                awaitAllKeys(primary, target);
                assertNoReads(primary);
                assertEqual(primary, target, "after the snapshot of the replica");

                try (RedisDeployment.StringConnection writes = primary.connectStrings()) {
                    primary.syncStrings().configResetstat();
                    for (int i = 0; i < 300; i++) {
                        writes.sync().set("replicated:" + i, "changed");
                        writes.sync().del("replicated:" + (1_000 + i));
                    }
                    writes.sync().set("replicated:last", "done");
                }
                awaitMarker(target);
                assertNoReads(primary);
                assertEqual(primary, target, "after live changes on the primary");

                // Detached, the replica misses the primary's changes; attached again it can only sync in full.
                replica.syncStrings().replicaofNoOne();
                try (RedisDeployment.StringConnection writes = primary.connectStrings()) {
                    for (int i = 2_000; i < 3_000; i++) {
                        writes.sync().del("replicated:" + i);
                    }
                }
                replica.syncStrings().replicaof(primary.host(), primary.port());
                awaitInSync(replica);
                Await.until("the source to resync after the full sync", SETTLE,
                        () -> cluster.taskMetric("replica-read-source", 0, "resyncs") >= 1);
                assertEqual(primary, target, "after the replica's full sync");
            }
        }
    }

    @Test
    void aClusterSourceReadsReplicasOnlyAndTheTargetEqualsThePrimaries() {
        try (RedisCluster source = RedisCluster.start(3, 1); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "replicated", 6_000);
            source.replicas().forEach(replica -> replica.syncStrings().configSet("notify-keyspace-events", "KEA"));
            source.primaries().forEach(primary -> primary.syncStrings().configResetstat());
            cluster.createTopic("cluster-replica-read", 6);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "cluster-replica-read", 6);
            sourceConfig.put("tasks.max", "3");
            sourceConfig.put("redis.read.from", "replica");
            List<String> errors = new RedisSourceConnector().validate(sourceConfig).configValues().stream()
                    .flatMap(value -> value.errorMessages().stream()).toList();
            assertEquals(List.of(), errors, "validation checks the replicas' notification flags");
            cluster.deploy("cluster-replica-read-source", sourceConfig);
            cluster.deploy("cluster-replica-read-sink", ConnectCluster.sinkConfig(target, "cluster-replica-read"));
            awaitAllKeys(source, target);
            source.primaries().forEach(ReplicaReadIT::assertNoReads);
            assertEqual(source, target, "after the snapshot of the replicas");

            source.primaries().forEach(primary -> primary.syncStrings().configResetstat());
            try (RedisDeployment.StringConnection writes = source.connectStrings()) {
                for (int i = 0; i < 300; i++) {
                    writes.sync().set("replicated:" + i, "changed");
                    writes.sync().del("replicated:" + (1_000 + i));
                }
                writes.sync().set("replicated:last", "done");
            }
            awaitMarker(target);
            source.primaries().forEach(ReplicaReadIT::assertNoReads);
            assertEqual(source, target, "after live changes on the primaries");
        }
    }

    @Test
    void readFromIsRefusedOnAStandaloneServerSayingToPointTheUriAtTheReplica() {
        try (RedisServer server = RedisServer.start()) {
            Map<String, String> config = ConnectCluster.sourceConfig(server, "replica-read", 4);
            config.put("redis.read.from", "replica");
            ConfigValue readFrom = new RedisSourceConnector().validate(config).configValues().stream()
                    .filter(value -> value.name().equals("redis.read.from")).findFirst().orElseThrow();
            assertTrue(String.join(" ", readFrom.errorMessages()).contains("set redis.uri to the replica"),
                    readFrom::toString);
        }
    }

    private static void awaitInSync(RedisServer replica) {
        Await.until("the replica to be in sync", SETTLE, () -> {
            String info = replica.syncStrings().info("replication");
            return info.contains("master_link_status:up") && info.contains("master_sync_in_progress:0");
        });
    }

    /** Waits by key counts only (DBSIZE), so that the primaries' counters hold the source's reads alone. */
    private static void awaitAllKeys(RedisDeployment source, RedisServer target) {
        Await.until("the target to hold every key", SETTLE, () -> Keyspaces.keys(target) == source.dbsize());
    }

    private static void awaitMarker(RedisServer target) {
        Await.until("the last live change to reach the target", SETTLE,
                () -> "done".equals(target.syncStrings().get("replicated:last")));
    }

    private static void assertEqual(RedisDeployment source, RedisServer target, String when) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
        assertTrue(report.identical(), () -> when + ", the target differs from the primary:\n" + report);
    }

    /** The primary's command counters since the last CONFIG RESETSTAT: none of the reads a source makes. */
    private static void assertNoReads(RedisServer primary) {
        String stats = primary.syncStrings().info("commandstats");
        for (String command : READS) {
            assertTrue(!stats.contains("cmdstat_" + command + ":"),
                    () -> primary + " served " + command + ":\n" + stats);
        }
    }
}
