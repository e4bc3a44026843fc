package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.CopyArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Live mode against changes no key-event notification reports (FLUSHALL, FLUSHDB, SWAPDB), or reports in a way a
 * selection must read right (a type leaving redis.scan.type, RENAME across redis.scan.match and redis.key.exclude),
 * and against deletions the server makes itself (eviction under maxmemory, many keys expiring at once): after
 * each, the target equals the source (or the source's selection).
 */
class UnseenChangesIT extends ConnectClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static RedisServer notifyingServer(String... extraArgs) {
        String[] args = new String[extraArgs.length + 2];
        args[0] = "--notify-keyspace-events";
        args[1] = "KEA";
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        return RedisServer.start(RedisBinary.defaultBinary(), args);
    }

    /** Deploys a live source and a sink between the two, on a topic of their own. */
    private void replicate(String name, RedisServer source, RedisServer target, Map<String, String> sourceSettings) {
        cluster.createTopic(name, 4);
        Map<String, String> sourceConfig = cluster.liveSourceConfig(source, name, 4);
        sourceConfig.putAll(sourceSettings);
        cluster.deploy(name + "-source", sourceConfig);
        cluster.deploy(name + "-sink", ConnectCluster.sinkConfig(target, name));
    }

    private void replicateAndAwaitEqual(String name, RedisServer source, RedisServer target) {
        replicate(name, source, target, Map.of());
        assertEqual(source, target, "after the snapshot");
    }

    private static void assertEqual(RedisServer source, RedisServer target, String when) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
        assertTrue(report.identical(), () -> when + ", the target differs from the source:\n" + report);
    }

    private void assertResynced(String name) {
        Await.until(name + " to resync", SETTLE, () -> cluster.taskMetric(name + "-source", 0, "resyncs") >= 1);
    }

    /** The FLUSHALL lands while the snapshot is still being read and written: records of it are in flight. */
    @Test
    void flushallDuringTheSnapshotEmptiesTheTargetOfEveryKeyItRemoved() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "before", 60_000);
            replicate("flushall", source, target, Map.of("redis.scan.count", "200"));
            Await.until("the snapshot to be under way", SETTLE, () -> target.sync().dbsize() >= 5_000);
            source.syncStrings().flushall();
            TestData.writeStrings(source, "after", 500);
            assertResynced("flushall");
            assertEqual(source, target, "after FLUSHALL");
        }
    }

    @Test
    void flushdbOfTheFollowedDatabaseDeletesItsKeysOnTheTarget() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "before", 3_000);
            replicateAndAwaitEqual("flushdb", source, target);
            source.syncStrings().flushdb();
            source.syncStrings().set("after", "flush");
            assertResynced("flushdb");
            assertEqual(source, target, "after FLUSHDB");
            assertEquals(1, target.sync().dbsize());
        }
    }

    @Test
    void flushdbOfAnotherDatabaseLeavesTheFollowedOneEqual() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "kept", 3_000);
            try (StatefulRedisConnection<String, String> other = database(source, 1)) {
                other.sync().set("elsewhere", "1");
                replicateAndAwaitEqual("flushdb-other", source, target);
                other.sync().flushdb();
            }
            source.syncStrings().set("kept:new", "after");
            assertResynced("flushdb-other");
            assertEqual(source, target, "after FLUSHDB of database 1");
            assertEquals(3_001, target.sync().dbsize());
        }
    }

    /** SWAPDB 0 1 puts database 1's keys where the source reads, without a notification for any of them. */
    @Test
    void swapdbReplacesTheFollowedDatabaseOnTheTarget() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "zero", 2_000);
            try (StatefulRedisConnection<String, String> other = database(source, 1)) {
                for (int i = 0; i < 1_000; i++) {
                    other.sync().set("one:" + i, "from-one-" + i);
                }
            }
            replicateAndAwaitEqual("swapdb", source, target);
            source.syncStrings().swapdb(0, 1);
            assertResynced("swapdb");
            assertEqual(source, target, "after SWAPDB 0 1");
            assertEquals("from-one-7", target.syncStrings().get("one:7"));
        }
    }

    @Test
    void aKeyWhoseTypeLeavesTheSelectionIsDeletedOnTheTarget() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            RedisCommands<String, String> redis = source.syncStrings();
            for (int i = 0; i < 200; i++) {
                redis.set("typed:" + i, "string-" + i);
            }
            redis.hset("typed:hash", "field", "never copied");
            replicate("type-change", source, target, Map.of("redis.scan.type", "string"));
            Keyspaces.awaitSelection(source, target, key -> redis.type(key).equals("string"), SETTLE);
            // In place, with no del event of the key: a hash renamed onto it, and a hash copied over it.
            for (int i = 0; i < 50; i++) {
                redis.hset("staged:" + i, "now", "a hash");
                if (i % 2 == 0) {
                    redis.rename("staged:" + i, "typed:" + i);
                } else {
                    redis.copy("staged:" + i, "typed:" + i, CopyArgs.Builder.replace(true));
                }
            }
            redis.set("typed:marker", "last");
            Keyspaces.awaitSelection(source, target, key -> redis.type(key).equals("string"), SETTLE);
            assertEquals(null, target.syncStrings().get("typed:3"));
        }
    }

    /** RENAME in and out of redis.scan.match and across redis.key.exclude: the target holds the selection only. */
    @Test
    void renamesAcrossTheSelectionBoundaryMoveKeysInAndOutOfTheTarget() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            RedisCommands<String, String> redis = source.syncStrings();
            for (int i = 0; i < 100; i++) {
                redis.set("in:" + i, "in-" + i);
                redis.set("out:" + i, "out-" + i);
            }
            Predicate<String> selected = key -> key.startsWith("in:") && !key.startsWith("in:skip");
            replicate("rename", source, target, Map.of("redis.scan.match", "in:*", "redis.key.exclude", "in:skip.*"));
            Keyspaces.awaitSelection(source, target, selected, SETTLE);
            for (int i = 0; i < 20; i++) {
                redis.rename("in:" + i, "out:moved-" + i);
                redis.rename("out:" + i, "in:arrived-" + i);
                redis.rename("in:" + (50 + i), "in:skip-" + i);
                redis.rename("in:" + (80 + i), "in:renamed-" + i);
            }
            Keyspaces.awaitSelection(source, target, selected, SETTLE);
            assertEquals("out-3", target.syncStrings().get("in:arrived-3"));
            assertEquals("in-83", target.syncStrings().get("in:renamed-3"));
        }
    }

    @Test
    void keysEvictedUnderMaxmemoryAreDeletedOnTheTarget() {
        try (RedisServer source = notifyingServer("--maxmemory-policy", "allkeys-random");
             RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "evictable", 20_000);
            replicateAndAwaitEqual("evict", source, target);
            long used = Long.parseLong(info(source, "memory", "used_memory"));
            source.syncStrings().configSet("maxmemory", String.valueOf(used * 3 / 4));
            source.syncStrings().set("evict:trigger", "x");
            // Eviction goes on in the background until memory is under the limit.
            Await.until("the source to evict keys", SETTLE,
                    () -> Long.parseLong(info(source, "stats", "evicted_keys")) > 1_000);
            assertEqual(source, target, "after " + info(source, "stats", "evicted_keys") + " evictions");
        }
    }

    @Test
    void manyKeysExpiringAtOnceAreDeletedOnTheTarget() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "staying", 1_000);
            replicateAndAwaitEqual("expire", source, target);
            // One script: every key gets the same expiry time, so they all expire within the same moments.
            source.syncStrings().eval("for i = 1, 30000 do redis.call('PSETEX', 'expiring:' .. i, 2000, 'v') end",
                    ScriptOutputType.STATUS);
            Await.until("the source to expire its keys", SETTLE, () -> source.sync().dbsize() == 1_000);
            assertEqual(source, target, "after 30,000 keys expired");
        }
    }

    private static StatefulRedisConnection<String, String> database(RedisServer server, int database) {
        StatefulRedisConnection<String, String> connection = server.client().connect();
        connection.sync().select(database);
        return connection;
    }

    private static String info(RedisServer server, String section, String field) {
        return server.syncStrings().info(section).lines().filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1).trim()).findFirst().orElseThrow();
    }
}
