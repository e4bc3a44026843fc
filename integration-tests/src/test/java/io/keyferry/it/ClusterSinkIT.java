package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import io.keyferry.sink.RedisSinkConnector;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A standalone source migrated through Kafka into a real 3-primary Redis Cluster: a snapshot of every type
 * in each write mode, deletes, a target resharded between two batches, and WAIT on each primary's replica.
 */
class ClusterSinkIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 4;

    private static RedisCluster target;

    @BeforeAll
    static void startTarget() {
        target = RedisCluster.start(3, 0);
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @BeforeEach
    void emptyTarget() {
        target.primaries().forEach(RedisServer::flushAll);
    }

    private static Map<String, String> sinkConfig(RedisCluster into, String topic, String mode) {
        Map<String, String> config = ConnectCluster.sinkConfig(into, topic);
        config.put("redis.write.mode", mode);
        return config;
    }

    private static void assertIdentical(ComparisonReport report, long keys) {
        assertTrue(report.identical(), () -> "the cluster differs from the source:\n" + report);
        assertEquals(keys, report.sourceKeys(), "keys in the source");
        assertEquals(keys, report.targetKeys(), "keys in the cluster");
    }

    private static long sinkMetric(String connector, String metric) {
        return cluster.taskMetric(connector, 0, metric) + cluster.taskMetric(connector, 1, metric);
    }

    @Test
    void aDatabaseMapIsRefusedForAClusterTarget() {
        Map<String, String> config = sinkConfig(target, "cluster-db-map", "restore");
        config.put("redis.database.map", "*");
        List<String> errors = new RedisSinkConnector().validate(config).configValues().stream()
                .filter(value -> value.name().equals("redis.database.map"))
                .flatMap(value -> value.errorMessages().stream()).toList();
        assertTrue(String.join(" ", errors).contains("database 0 only"), errors::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"restore", "typed"})
    void snapshotOfEveryTypeLandsOnThePrimariesOwningTheKeys(String mode) {
        try (RedisServer source = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeTypedEdgeCases(source.sync());
            TestData.writeStrings(source, "bulk", 3_000);
            long keys = source.dbsize();
            String topic = "snapshot-" + mode;
            cluster.createTopic(topic, PARTITIONS);
            cluster.deploy(topic + "-source", ConnectCluster.sourceConfig(source, topic, PARTITIONS));
            cluster.deploy(topic + "-sink", sinkConfig(target, topic, mode));

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), keys);
            assertTrue(target.primaries().stream().allMatch(p -> p.dbsize() > keys / 4), "keys on every primary");
            assertTrue(sinkMetric(topic + "-sink", "keys-written") >= keys);
        }
    }

    /**
     * Live changes, so that the sink writes in several batches: deletes become tombstones, then slots holding
     * keys move to other primaries behind the sink's back, and the next batch must reach their new owners.
     */
    @ParameterizedTest
    @ValueSource(strings = {"restore", "typed"})
    void deletesAndABatchAfterReshardingTheTargetLand(String mode) {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA")) {
            TestData.writeStrings(source, "bulk", 2_000);
            String topic = "live-" + mode;
            cluster.createTopic(topic, PARTITIONS);
            cluster.deploy(topic + "-source", cluster.liveSourceConfig(source, topic, PARTITIONS));
            cluster.deploy(topic + "-sink", sinkConfig(target, topic, mode));
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), 2_000);

            IntStream.range(0, 200).forEach(i -> source.syncStrings().del("bulk:" + i));
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), 1_800);

            List<String> moved = IntStream.range(500, 510).mapToObj(i -> "bulk:" + i).toList();
            Map<String, RedisServer> newOwners = reshardSlotsOf(moved);
            long retriesBefore = sinkMetric(topic + "-sink", "write-retries");
            moved.subList(0, 8).forEach(key -> source.syncStrings().set(key, "after the reshard"));
            moved.subList(8, 10).forEach(key -> source.syncStrings().del(key));

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), 1_798);
            for (String key : moved.subList(0, 8)) {
                assertEquals("after the reshard", newOwners.get(key).syncStrings().get(key), key + " on its new owner");
            }
            assertTrue(sinkMetric(topic + "-sink", "write-retries") > retriesBefore,
                    "the writes sent to the old owners were redirected (MOVED) and retried");
        }
    }

    /** Moves the slot of each key to the next primary; returns each key's new owner. */
    private static Map<String, RedisServer> reshardSlotsOf(List<String> keys) {
        Map<String, RedisServer> newOwners = new LinkedHashMap<>();
        List<RedisServer> primaries = target.primaries();
        for (String key : keys) {
            int slot = SlotHash.getSlot(key);
            RedisServer owner = target.primaryOwning(slot);
            RedisServer next = primaries.get((primaries.indexOf(owner) + 1) % primaries.size());
            target.moveSlots(owner, next, slot, slot);
            assertSame(next, target.primaryOwning(slot));
            newOwners.put(key, next);
        }
        return newOwners;
    }

    /**
     * Writes into a slot half way through its move: keys already moved, and new keys, are answered ASK by the
     * old owner and must be written at once on the importing node (with ASKING), not retried until the move
     * ends; keys not moved yet stay on the old owner.
     */
    @ParameterizedTest
    @ValueSource(strings = {"restore", "typed"})
    void writesIntoASlotBeingMovedFollowAsk(String mode) {
        List<String> keys = IntStream.rangeClosed(1, 20).mapToObj(i -> "{ask-" + mode + "}:" + i).toList();
        String hash = "{ask-" + mode + "}:hash";
        int slot = SlotHash.getSlot(hash);
        RedisServer from = target.primaryOwning(slot);
        RedisServer to = target.primaries().get((target.primaries().indexOf(from) + 1) % target.primaries().size());
        keys.subList(0, 10).forEach(key -> target.sync().set(key.getBytes(), "old".getBytes()));
        target.beginMove(from, to, slot);
        try (RedisServer source = RedisServer.start()) {
            target.migrateKeys(from, to, keys.subList(0, 5).stream().map(String::getBytes).toList());
            keys.forEach(key -> source.syncStrings().set(key, "new"));
            source.syncStrings().hset(hash, Map.of("a", "1", "b", "2"));
            String topic = "ask-" + mode;
            cluster.createTopic(topic, PARTITIONS);
            cluster.deploy(topic + "-source", ConnectCluster.sourceConfig(source, topic, PARTITIONS));
            cluster.deploy(topic + "-sink", sinkConfig(target, topic, mode));

            Await.until("the sink to write every key while the slot is still moving", TIMEOUT,
                    () -> sinkMetric(topic + "-sink", "keys-written") >= 21);
            assertEquals(0, sinkMetric(topic + "-sink", "write-retries"), "ASK is followed at once, not retried");
            for (String key : keys) {
                boolean moved = keys.indexOf(key) < 5 || keys.indexOf(key) >= 10;
                assertEquals("new", valueOn(moved ? to : from, key, moved), key);
            }
            target.finishMove(from, to, slot);
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), 21);
        } finally {
            if (target.primaryOwning(slot) != to) {
                target.finishMove(from, to, slot);
            }
        }
    }

    /** A key's value read on one node; on the node importing its slot, ASKING lets the read in. */
    private static String valueOn(RedisServer node, String key, boolean importing) {
        try (RedisDeployment.StringConnection connection = node.connectStrings()) {
            if (importing) {
                connection.sync().asking();
            }
            return connection.sync().get(key);
        }
    }

    @Test
    void waitsForAReplicaOfEachPrimaryWrittenTo() {
        try (RedisCluster replicated = RedisCluster.start(3, 1); RedisServer source = RedisServer.start()) {
            TestData.writeStrings(source, "bulk", 1_000);
            cluster.createTopic("replicated", PARTITIONS);
            cluster.deploy("replicated-source", ConnectCluster.sourceConfig(source, "replicated", PARTITIONS));
            Map<String, String> one = ConnectCluster.sinkConfig(replicated, "replicated");
            one.put("redis.wait.replicas", "1");
            cluster.deploy("wait-one", one);

            assertIdentical(Keyspaces.awaitEqual(source, replicated, TIMEOUT), 1_000);
            // A batch counts as written only once WAIT returned on each primary it went to, so by the time the
            // metric shows every key, every key is on a replica.
            Await.until("the sink to count every key written", TIMEOUT,
                    () -> sinkMetric("wait-one", "keys-written") >= 1_000);
            assertEquals(1_000, replicated.replicas().stream().mapToLong(RedisServer::dbsize).sum(),
                    "keys on the replicas once the sink counted them written");

            Map<String, String> two = ConnectCluster.sinkConfig(replicated, "replicated");
            two.put("redis.wait.replicas", "2");
            two.put("redis.wait.timeout.ms", "100");
            two.put("redis.retry.max.attempts", "2");
            two.put("redis.retry.backoff.ms", "10");
            cluster.deploy("wait-two", two);
            String trace = cluster.awaitTaskFailure("wait-two");
            assertTrue(trace.contains("1 of 2 replicas acknowledged the writes within 100 ms"), trace);
        }
    }

    @Test
    void validationRejectsADatabaseOnAClusterTarget() {
        Map<String, String> config = sinkConfig(target, "any", "auto");
        config.put("redis.uri", target.uri() + "/2");
        List<String> errors = uriErrors(config);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("a cluster has only database 0: remove /2 from redis.uri"),
                errors.get(0));

        config.put("redis.uri", target.uri() + "/0");
        assertEquals(List.of(), uriErrors(config));
    }

    private static List<String> uriErrors(Map<String, String> config) {
        return new RedisSinkConnector().validate(config).configValues().stream()
                .filter(v -> v.name().equals("redis.uri")).map(ConfigValue::errorMessages).findFirst().orElseThrow();
    }
}
