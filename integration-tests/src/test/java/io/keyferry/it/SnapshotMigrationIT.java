package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.record.ChunkKeys;
import io.keyferry.common.record.CompactHeader;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshot source → Kafka → restore sink, on real servers: migrate, replay, fan out, and the shipped configs. */
class SnapshotMigrationIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private RedisServer source;
    private int expectedKeys;

    @BeforeEach
    void fillSource() {
        source = RedisServer.start();
        TestData.writeEveryType(source.sync());
        TestData.writeStrings(source, "bulk", 5_000);
        expectedKeys = source.sync().dbsize().intValue();
    }

    @AfterEach
    void stopSource() {
        source.close();
    }

    private static void assertIdentical(ComparisonReport report, long keys) {
        assertTrue(report.identical(), () -> "target differs from source:\n" + report);
        assertEquals(keys, report.sourceKeys(), "keys compared");
    }

    @Test
    void migratesEveryTypeWithTtlsAndBinaryKeys() {
        try (RedisServer target = RedisServer.start()) {
            cluster.createTopic("every-type", 4);
            cluster.deploy("every-type-source", ConnectCluster.sourceConfig(source, "every-type", 4));
            cluster.deploy("every-type-sink", ConnectCluster.sinkConfig(target, "every-type"));

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), expectedKeys);
            assertTrue(target.sync().pttl("string:ttl".getBytes()) > 3_000_000, "TTL carried over");
            long written = cluster.taskMetric("every-type-sink", 0, "keys-written")
                    + cluster.taskMetric("every-type-sink", 1, "keys-written");
            assertTrue(written >= expectedKeys, "keys-written metric: " + written);
            assertEquals(-1, target.sync().pttl("hash:small".getBytes()), "persistent key stays persistent");
            // Each record in the partition of its key's slot (slot * P / 16384), which its redis.meta header names.
            int[] records = {0};
            cluster.readTopic("every-type", record -> {
                int slot = SlotHash.getSlot(ChunkKeys.redisKeyOf(record.key()));
                assertEquals(slot * 4 / 16384, record.partition(), "partition of " + new String(record.key(), UTF_8));
                assertEquals(1, record.headers().toArray().length, "one header");
                assertEquals(slot, CompactHeader.parse(
                        new String(record.headers().lastHeader(CompactHeader.NAME).value(), UTF_8)).slot());
                records[0]++;
            });
            assertTrue(records[0] >= expectedKeys, records[0] + " records");

            cluster.delete("every-type-source");
            cluster.delete("every-type-sink");
        }
    }

    @Test
    void replayRebuildsAnEmptyTargetAndFanOutFeedsTwoTargetsWhateverTheirHeaderConverter() {
        try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start();
             RedisServer rebuilt = RedisServer.start()) {
            cluster.createTopic("fan-out", 3);
            cluster.deploy("fan-out-source", ConnectCluster.sourceConfig(source, "fan-out", 3));
            // The sinks read the expiry header whatever their header converter: the worker's default
            // SimpleHeaderConverter gives numbers, ByteArrayConverter bytes, StringConverter (the replay) text.
            Map<String, String> defaultHeaders = ConnectCluster.sinkConfig(first, "fan-out");
            defaultHeaders.remove("header.converter");
            cluster.deploy("fan-out-sink-1", defaultHeaders);
            Map<String, String> byteHeaders = ConnectCluster.sinkConfig(second, "fan-out");
            byteHeaders.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            cluster.deploy("fan-out-sink-2", byteHeaders);

            assertIdentical(Keyspaces.awaitEqual(source, first, TIMEOUT), expectedKeys);
            assertIdentical(Keyspaces.awaitEqual(source, second, TIMEOUT), expectedKeys);

            // A sink with a new name has no committed offsets: it reads the topic from the start.
            cluster.deploy("fan-out-replay", ConnectCluster.sinkConfig(rebuilt, "fan-out"));
            assertIdentical(Keyspaces.awaitEqual(source, rebuilt, TIMEOUT), expectedKeys);

            for (String name : new String[] {"fan-out-source", "fan-out-sink-1", "fan-out-sink-2", "fan-out-replay"}) {
                cluster.delete(name);
            }
        }
    }

    @Test
    void readsOnlyTheSelectedDatabaseAndKeys() {
        try (RedisServer target = RedisServer.start();
             StatefulRedisConnection<String, String> db3 = source.client().connect()) {
            db3.sync().select(3);
            for (int i = 0; i < 300; i++) {
                db3.sync().set("user:" + i, "name-" + i);
                db3.sync().hset("user:" + i + ":profile", "age", String.valueOf(i));
            }
            db3.sync().set("session:1", "not a user");
            Map<String, String> config = ConnectCluster.sourceConfig(source, "filtered", 2);
            config.put("redis.uri", source.uri() + "/3");
            config.put("redis.scan.match", "user:*");
            config.put("redis.scan.type", "string");
            config.put("redis.key.exclude", "user:1.*");
            // Records with a header per field, as earlier versions wrote them: the sink reads them too.
            config.put("redis.record.headers", "separate");
            cluster.createTopic("filtered", 2);
            cluster.deploy("filtered-source", config);
            cluster.deploy("filtered-sink", ConnectCluster.sinkConfig(target, "filtered"));

            // user:0 … user:299 as strings, less user:1, user:10-19 and user:100-199.
            long expected = 300 - 111;
            Await.until("the selected keys to arrive", TIMEOUT, () -> target.sync().dbsize() == expected,
                    () -> target.sync().dbsize() + " keys");
            List<String> keys = target.syncStrings().keys("*");
            assertTrue(keys.stream().allMatch(k -> k.matches("user:\\d+") && !k.startsWith("user:1")), keys::toString);
            assertEquals("name-42", target.syncStrings().get("user:42"));
            cluster.readTopic("filtered", record -> {
                assertNull(record.headers().lastHeader(CompactHeader.NAME));
                assertEquals("snapshot", new String(record.headers().lastHeader("redis.op").value(), UTF_8));
            });
            cluster.delete("filtered-source");
            cluster.delete("filtered-sink");
        }
    }

    @Test
    void shippedConfigFilesMigrateFanOutAndReplay() {
        try (RedisServer target = RedisServer.start(); RedisServer second = RedisServer.start();
             RedisServer rebuilt = RedisServer.start()) {
            Map<String, String> source = ConnectCluster.shippedConfig("source.json");
            source.put("redis.uri", this.source.uri());
            // The topic is not created here: the source config's topic.creation settings must do it.
            cluster.deploy("shipped-source", source);
            Map<String, RedisServer> sinks = Map.of("sink.json", target, "sink-fanout.json", second,
                    "sink-replay.json", rebuilt);
            for (Map.Entry<String, RedisServer> sink : sinks.entrySet()) {
                Map<String, String> config = ConnectCluster.shippedConfig(sink.getKey());
                config.put("redis.uri", sink.getValue().uri());
                cluster.deploy("shipped-" + sink.getKey().replace(".json", ""), config);
            }

            for (RedisServer server : sinks.values()) {
                assertIdentical(Keyspaces.awaitEqual(this.source, server, TIMEOUT), expectedKeys);
            }
            assertEquals(8, cluster.connect().kafka().describeTopics(source.get("redis.topic"))
                    .get(source.get("redis.topic")).orElseThrow().partitions().size());
            cluster.deleteAll();
        }
    }

}
