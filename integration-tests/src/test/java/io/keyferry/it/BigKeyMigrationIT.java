package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.record.ChunkKeys;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Keys far bigger than a Kafka record beside ordinary keys, on real servers through a real Kafka and Connect:
 * copied in parts of at most redis.record.max.bytes, assembled out of sight on the target, put in place whole.
 */
class BigKeyMigrationIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    /** The source's default limit: records fit Kafka's default 1 MB. */
    private static final int RECORD_LIMIT = 512 * 1024;

    private static void assertIdentical(ComparisonReport report, long keys) {
        assertTrue(report.identical(), () -> "target differs from source:\n" + report);
        assertEquals(keys, report.sourceKeys(), "keys compared");
    }

    /** The largest record of the topic, key, value and headers together, as the broker would count them. */
    private static long largestRecord(String topic) {
        long[] largest = {0};
        cluster.readTopic(topic, record -> {
            long size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            for (Header header : record.headers()) {
                size += header.key().length() + (header.value() == null ? 0 : header.value().length);
            }
            largest[0] = Math.max(largest[0], size);
        });
        return largest[0];
    }

    /** Tombstones whose key is the key of a part of a big key: they would delete the part from the compacted topic. */
    private static long tombstonesOfParts(String topic) {
        long[] tombstones = {0};
        cluster.readTopic(topic, record -> {
            if (record.value() == null && ChunkKeys.isPartKey(record.key())) {
                tombstones[0]++;
            }
        });
        return tombstones[0];
    }

    @Test
    void bigKeysOfEveryTypeArriveWholeBesideSmallKeysAndAReplayRebuildsThem() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start();
             RedisServer rebuilt = RedisServer.start()) {
            BigKeys.write(source.sync(), 50 * 1024 * 1024, 1_000_000);
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "small", 20_000);
            long keys = source.dbsize();
            cluster.createTopic("big", 4);
            cluster.deploy("big-source", ConnectCluster.sourceConfig(source, "big", 4));
            Map<String, String> sink = ConnectCluster.sinkConfig(target, "big");
            sink.put("redis.write.mode", "restore");
            cluster.deploy("big-sink", sink);

            // The sink stops in the middle of a big key, and starts again from its committed offsets.
            Await.until("a big key to be assembled on the target", TIMEOUT,
                    () -> !target.syncStrings().keys("keyferry:staging:*").isEmpty());
            cluster.delete("big-sink");
            Await.until("the sink to be gone", Duration.ofSeconds(30), () -> cluster.status("big-sink") == null);
            cluster.deploy("big-sink", sink);

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), keys);
            // The expiry is absolute: the target's TTL is the source's at the same moment, however long the copy took.
            assertEquals(source.sync().pttl(BigKeys.HASH.getBytes(UTF_8)),
                    target.sync().pttl(BigKeys.HASH.getBytes(UTF_8)), 2_000, "big hash's TTL");
            assertEquals(0, target.syncStrings().keys("keyferry:staging:*").size(), "no staging copy left");
            long largest = largestRecord("big");
            assertTrue(largest <= RECORD_LIMIT, "largest record " + largest + " bytes");
            assertTrue(cluster.taskMetric("big-source", 0, "big-keys-copied") >= BigKeys.ALL.size());

            // A sink with a new name reads the topic from the start, type by type this time.
            Map<String, String> replay = ConnectCluster.sinkConfig(rebuilt, "big");
            replay.put("redis.write.mode", "typed");
            cluster.deploy("big-replay", replay);
            assertIdentical(Keyspaces.awaitEqual(source, rebuilt, TIMEOUT), keys);
        }
    }

    /**
     * Compaction keeps the newest record of each Kafka key: after a big hash shrank to a whole record, a big list
     * was deleted and a big set was copied again smaller, the source retires the parts of their older copies
     * with tombstones, and compaction drops them. A replay of the compacted topic rebuilds the newest states.
     */
    @Test
    void aReplayOfTheCompactedTopicRebuildsTheNewestStateOfBigKeys() {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start(); RedisServer rebuilt = RedisServer.start()) {
            RedisCommands<String, String> redis = source.syncStrings();
            BigKeys.fill(source.sync(), "hash", BigKeys.HASH, 200_000);
            BigKeys.fill(source.sync(), "list", BigKeys.LIST, 300_000);
            BigKeys.fill(source.sync(), "set", BigKeys.SET, 200_000);
            TestData.writeStrings(source, "small", 100);
            // Small segments, rolled every 100 ms, cleaned as soon as there is anything to clean.
            cluster.connect().kafka().createTopic("big-compacted", 1, 1, Map.of("cleanup.policy", "compact",
                    "segment.bytes", String.valueOf(1 << 20), "segment.ms", "100", "min.cleanable.dirty.ratio", "0.01",
                    "min.compaction.lag.ms", "0"));
            Map<String, String> config = cluster.liveSourceConfig(source, "big-compacted", 1);
            config.put("redis.big.keys.copy.interval.ms", "500");
            cluster.deploy("compacted-source", config);
            cluster.deploy("compacted-sink", ConnectCluster.sinkConfig(target, "big-compacted"));
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), source.dbsize());

            // Newer states: the hash shrinks to a whole record, the list goes, the set is copied again, smaller.
            source.sync().eval("for i = 1, 199990 do redis.call('HDEL', KEYS[1], 'field:' .. i) end",
                    ScriptOutputType.STATUS, new byte[][] {BigKeys.HASH.getBytes(UTF_8)});
            redis.del(BigKeys.LIST);
            source.sync().eval("for i = 1, 100000 do redis.call('SREM', KEYS[1], 'member:' .. i) end",
                    ScriptOutputType.STATUS, new byte[][] {BigKeys.SET.getBytes(UTF_8)});
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), source.dbsize());

            // New records roll the segments holding the newest states, so that the cleaner may compact up to them.
            int[] tick = {0};
            Await.until("compaction to keep only the newest records of the keys", TIMEOUT, () -> {
                redis.set("tick", String.valueOf(tick[0]++));
                return recordsUnder("big-compacted", BigKeys.HASH) == 1 && liveParts("big-compacted", BigKeys.HASH) == 0
                        && liveParts("big-compacted", BigKeys.LIST) == 0;
            });
            assertTrue(liveParts("big-compacted", BigKeys.SET) > 0, "the set's newest copy keeps its parts");

            cluster.deploy("compacted-replay", ConnectCluster.sinkConfig(rebuilt, "big-compacted"));
            assertIdentical(Keyspaces.awaitEqual(source, rebuilt, TIMEOUT), source.dbsize());
            assertEquals(10, rebuilt.sync().hlen(BigKeys.HASH.getBytes(UTF_8)));
            assertEquals(0, rebuilt.sync().exists(BigKeys.LIST.getBytes(UTF_8)));
        }
    }

    /** How many records of the topic have the key itself as their Kafka key. */
    private static long recordsUnder(String topic, String key) {
        long[] count = {0};
        cluster.readTopic(topic, record -> count[0] += Arrays.equals(record.key(), key.getBytes(UTF_8)) ? 1 : 0);
        return count[0];
    }

    /** How many records of the topic are parts of the key before its last (not the tombstones retiring them). */
    private static long liveParts(String topic, String key) {
        long[] count = {0};
        cluster.readTopic(topic, record -> count[0] += record.value() != null && ChunkKeys.isPartKey(record.key())
                && Arrays.equals(ChunkKeys.redisKeyOf(record.key()), key.getBytes(UTF_8)) ? 1 : 0);
        return count[0];
    }

    @Test
    void structRecordsOfBigKeysFillARedisClusterTypeByType() {
        try (RedisServer source = RedisServer.start(); RedisCluster target = RedisCluster.start(3, 0)) {
            BigKeys.write(source.sync(), 5 * 1024 * 1024, 100_000);
            TestData.writeStrings(source, "small", 5_000);
            long keys = source.dbsize();
            cluster.createTopic("big-struct", 6);
            Map<String, String> config = ConnectCluster.sourceConfig(source, "big-struct", 6);
            config.put("redis.format", "struct");
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "true");
            cluster.deploy("big-struct-source", config);
            Map<String, String> sink = ConnectCluster.sinkConfig(target, "big-struct");
            sink.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            sink.put("value.converter.schemas.enable", "true");
            sink.put("redis.write.mode", "typed");
            cluster.deploy("big-struct-sink", sink);

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), keys);
            assertTrue(largestRecord("big-struct") <= RECORD_LIMIT, "records of JSON parts within the limit");
        }
    }

    @Test
    void theBigKeysOfAClusterAreCopiedByTheTasksOfTheirPrimaries() {
        try (RedisCluster source = RedisCluster.start(3, 0); RedisServer target = RedisServer.start()) {
            BigKeys.write(source.sync(), 5 * 1024 * 1024, 100_000);
            TestData.writeEveryType(source.sync());
            long keys = source.dbsize();
            cluster.createTopic("big-cluster", 6);
            Map<String, String> config = ConnectCluster.sourceConfig(source, "big-cluster", 6);
            config.put("tasks.max", "3");
            cluster.deploy("big-cluster-source", config);
            cluster.deploy("big-cluster-sink", ConnectCluster.sinkConfig(target, "big-cluster"));

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), keys);
            long copied = 0;
            for (int task = 0; task < 3; task++) {
                copied += cluster.taskMetric("big-cluster-source", task, "big-keys-copied");
            }
            // Once each, by the task of its primary (a scan may return a key twice while the server rehashes).
            assertTrue(copied >= BigKeys.ALL.size() && copied < 2 * BigKeys.ALL.size(), copied + " copies");
        }
    }

    @Test
    void bigKeysAreLeftOutWhenAskedLoggedAndCounted() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            BigKeys.write(source.sync(), 2 * 1024 * 1024, 50_000);
            TestData.writeStrings(source, "small", 1_000);
            cluster.createTopic("big-skip", 2);
            Map<String, String> config = ConnectCluster.sourceConfig(source, "big-skip", 2);
            config.put("redis.big.keys", "skip");
            // The smallest limit: even the stream, whose entries pack tightly, is over it.
            config.put("redis.record.max.bytes", "65536");
            cluster.deploy("big-skip-source", config);
            cluster.deploy("big-skip-sink", ConnectCluster.sinkConfig(target, "big-skip"));

            Await.until("the small keys to arrive", TIMEOUT, () -> target.dbsize() == 1_000,
                    () -> target.dbsize() + " keys");
            Await.until("every big key to be counted as skipped", TIMEOUT,
                    () -> cluster.taskMetric("big-skip-source", 0, "big-keys-skipped") == BigKeys.ALL.size(),
                    () -> cluster.taskMetric("big-skip-source", 0, "big-keys-skipped") + " skipped");
            for (String key : BigKeys.ALL) {
                assertEquals(0, target.sync().exists(key.getBytes(UTF_8)), key + " left out");
            }
        }
    }

    /**
     * A big key written to all the time in live mode: copied again at most once per interval (not once per
     * change), while the changes of small keys keep arriving, and the target ends equal.
     */
    @Test
    void aBigKeyThatKeepsChangingIsCopiedAtMostOncePerIntervalWhileSmallKeysFlow() {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start()) {
            RedisCommands<String, String> redis = source.syncStrings();
            BigKeys.write(source.sync(), 1024 * 1024, 100_000);
            cluster.createTopic("big-live", 1);
            Map<String, String> config = cluster.liveSourceConfig(source, "big-live", 1);
            config.put("redis.big.keys.copy.interval.ms", "2000");
            cluster.deploy("big-live-source", config);
            cluster.deploy("big-live-sink", ConnectCluster.sinkConfig(target, "big-live"));
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), source.dbsize());
            long copiesBefore = cluster.taskMetric("big-live-source", 0, "big-keys-copied");

            // 8 seconds of changes, 50 a second, to the big hash and to small keys alike.
            long start = System.nanoTime();
            int changes = 0;
            while (System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
                redis.hset(BigKeys.HASH, "field:" + changes, "changed " + changes);
                redis.set("small:" + changes, "written " + changes);
                changes++;
                // Pacing the load, not synchronising with the system under test.
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            String lastSmall = "small:" + (changes - 1);
            long written = System.nanoTime();
            Await.until("the last small key to arrive", Duration.ofSeconds(10),
                    () -> target.syncStrings().exists(lastSmall) == 1);
            long smallLagMs = Duration.ofNanos(System.nanoTime() - written).toMillis();

            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), source.dbsize());
            long copies = cluster.taskMetric("big-live-source", 0, "big-keys-copied") - copiesBefore;
            System.out.printf("big key changed %d times in 8 s: copied %d times; last small key arrived %d ms "
                    + "after it was written%n", changes, copies, smallLagMs);
            assertTrue(copies >= 1 && copies <= 8 / 2 + 2, changes + " changes, " + copies + " copies");
            assertTrue(smallLagMs < 5_000, "small keys held back by the big one: " + smallLagMs + " ms");

            // A restarted live source resyncs: its sweep of the topic finds the key deleted meanwhile (its record
            // comes after the big key's parts), and must not take the parts' own keys for deleted Redis keys.
            cluster.delete("big-live-source");
            Await.until("the source to be gone", Duration.ofSeconds(30),
                    () -> cluster.status("big-live-source") == null);
            redis.del(lastSmall);
            cluster.deploy("big-live-source", config);
            Await.until("the resync's sweep to delete the key", TIMEOUT,
                    () -> target.syncStrings().exists(lastSmall) == 0);
            assertEquals(0, tombstonesOfParts("big-live"), "tombstones under the keys of parts");
            assertIdentical(Keyspaces.awaitEqual(source, target, TIMEOUT), source.dbsize());
        }
    }

    /**
     * With errors.tolerance=all, Connect acknowledges records the producer could not send (here: a record over
     * the producer's max.request.size) and commits offsets past them; the source notices, counts them and
     * scans again instead of carrying on as if they had arrived.
     */
    @Test
    void aRecordKafkaRefusedUnderErrorsToleranceAllMakesTheSourceScanAgain() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "small", 100);
            byte[] blob = new byte[300_000];
            new Random(5).nextBytes(blob); // not compressible: its DUMP payload is as large
            source.sync().set("blob".getBytes(UTF_8), blob);
            cluster.createTopic("unsent", 1);
            Map<String, String> config = ConnectCluster.sourceConfig(source, "unsent", 1);
            config.put("errors.tolerance", "all");
            config.put("producer.override.max.request.size", "200000");
            cluster.deploy("unsent-source", config);
            cluster.deploy("unsent-sink", ConnectCluster.sinkConfig(target, "unsent"));

            Await.until("the unsent record to be counted", TIMEOUT,
                    () -> cluster.taskMetric("unsent-source", 0, "records-unsent") > 0);
            Await.until("the source to scan again", TIMEOUT,
                    () -> cluster.taskMetric("unsent-source", 0, "keys-scanned") >= 2 * 101,
                    () -> cluster.taskMetric("unsent-source", 0, "keys-scanned") + " keys scanned");
            assertEquals(0, target.sync().exists("blob".getBytes(UTF_8)));
        }
    }
}
