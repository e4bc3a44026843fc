package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.MixedWriter;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.ClientListArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The source attached to its server as a replica ({@code redis.capture=replication}): the snapshot from the RDB,
 * then every write of the stream, and a restart that continues the stream by partial resync. The server's own
 * counters ({@code INFO stats}: sync_full, sync_partial_ok) say which kind of sync it served.
 */
class ReplicationCaptureIT extends ConnectClusterTest {
    private static final Duration COPIED = Duration.ofSeconds(180);

    private Map<String, String> captureConfig(RedisServer source, String topic) {
        Map<String, String> config = cluster.liveSourceConfig(source, topic, 4);
        config.put("redis.capture", "replication");
        return config;
    }

    /** Stopped, and its replication link closed: the server no longer has it as a replica. */
    private static void stop(String connector, RedisServer source) {
        cluster.connect().stopConnector(connector);
        Await.until(connector + " to stop and close its link", Duration.ofSeconds(60),
                () -> "STOPPED".equals(cluster.status(connector).connector().state())
                        && source.syncStrings().info("replication").contains("connected_slaves:0"));
    }

    private static void assertEqual(RedisServer source, RedisServer target, String when) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, COPIED);
        assertTrue(report.identical(), () -> when + ": the target differs from the source:\n" + report);
    }

    @Test
    void everyWriteOfTheStreamReachesTheTargetFlushesTransactionsAndScriptsIncluded() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            // Keys of every type far over the 512 kB record limit: read from the server and copied in parts.
            BigKeys.write(source.sync(), 5 * 1024 * 1024, 100_000);
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "before", 2_000);
            cluster.createTopic("captured", 4);
            cluster.deploy("captured-source", captureConfig(source, "captured"));
            cluster.deploy("captured-sink", ConnectCluster.sinkConfig(target, "captured"));
            // Changes of a big key while it is copied wait for the copy, and are read after it.
            Await.until("the big hash's copy to begin", COPIED,
                    () -> cluster.taskMetric("captured-source", 0, "big-keys-copied") > 0);
            for (int i = 0; i < 50; i++) {
                source.syncStrings().hset(BigKeys.HASH, "changed-during-copy-" + i, "v" + i);
            }
            assertEqual(source, target, "after the RDB snapshot");
            long overLimit = BigKeys.ALL.stream()
                    .filter(key -> source.sync().dump(key.getBytes(StandardCharsets.UTF_8)).length > 512 * 1024)
                    .count();
            assertTrue(overLimit >= 4, "keys over the record limit: " + overLimit);

            RedisCommands<String, String> redis = source.syncStrings();
            try (MixedWriter writer = MixedWriter.start(source, 1_000)) {
                Await.until("the writer to run a while", COPIED, () -> writer.operations() > 3_000);
                redis.multi();
                redis.set("tx:a", "1");
                redis.incr("tx:counter");
                redis.del("before:1");
                redis.exec();
                redis.eval("redis.call('set', KEYS[1], ARGV[1]); redis.call('del', KEYS[2]); return 1",
                        ScriptOutputType.INTEGER, new String[] {"script:set", "before:2"}, "by-script");
                redis.psetex("expiring", 50, "soon gone");
                redis.flushdb();
                TestData.writeStrings(source, "after-flush", 500);
                // SWAPDB: the keys of database 1 become database 0's.
                for (int i = 0; i < 200; i++) {
                    redis.set("swapped-in:" + i, "from database 1");
                    redis.move("swapped-in:" + i, 1);
                }
                redis.swapdb(0, 1);
                // A function's effects, which the stream carries in its stead.
                redis.functionLoad("#!lua name=keyferry\nredis.register_function('setdel', function(keys, args) "
                        + "redis.call('set', keys[1], args[1]); return redis.call('del', keys[2]) end)");
                redis.fcall("setdel", ScriptOutputType.INTEGER, new String[] {"function:set", "swapped-in:3"},
                        "by-function");
                Await.until("the writer to run on after the FLUSHDB", COPIED, () -> writer.operations() > 6_000);
            }
            assertEqual(source, target, "after the writes");
            assertEquals(1, source.stat("sync_full"), "one full sync: the first");
            long commands = cluster.taskMetric("captured-source", 0, "stream-commands");
            // Writes that change nothing (a DEL of a missing key, say) are not replicated: fewer than were sent.
            assertTrue(commands > 1_000, "commands read from the stream: " + commands);
            assertEquals(1, cluster.taskMetric("captured-source", 0, "full-syncs"));
            assertTrue(cluster.taskMetric("captured-source", 0, "big-keys-copied") >= overLimit);
        }
    }

    @Test
    void aRestartedTaskContinuesTheStreamByPartialResyncAndMissesNothing() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "kept", 3_000);
            cluster.createTopic("continued", 4);
            cluster.deploy("continued-source", captureConfig(source, "continued"));
            cluster.deploy("continued-sink", ConnectCluster.sinkConfig(target, "continued"));
            assertEqual(source, target, "after the RDB snapshot");
            Await.until("the source to commit a place in the stream", COPIED, () -> cluster.connect()
                    .connectorOffsets("continued-source").offsets().stream()
                    .anyMatch(offset -> offset.offset().containsKey("repl_offset")));

            stop("continued-source", source);
            RedisCommands<String, String> redis = source.syncStrings();
            for (int i = 0; i < 500; i++) {
                redis.del("kept:" + i);
                redis.set("while-stopped:" + i, "v" + i);
            }
            cluster.connect().resumeConnector("continued-source");
            assertEqual(source, target, "after the restart");
            assertEquals(1, source.stat("sync_full"), "no second full sync");
            assertTrue(source.stat("sync_partial_ok") >= 1, "the restart continued by partial resync");
        }
    }

    /**
     * Redis 7 raises a replica's output buffer limit to the backlog's size, so the link it drops is past the
     * backlog: a full sync, whose sweep removes from the target the keys deleted meanwhile.
     */
    @Test
    void aLinkTheServerDropsForItsOutputBufferSyncsInFull() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            source.syncStrings().configSet("client-output-buffer-limit", "replica 1mb 0 0");
            source.syncStrings().configSet("repl-backlog-size", "1mb");
            outrunTheLink(source, target, "overrun");
            // The first, and one after the drop (an attach lost early on, seen now and then here, adds one).
            assertTrue(source.stat("sync_full") >= 2, "a full sync after the drop");
            assertEquals(source.stat("sync_full"), cluster.taskMetric("overrun-source", 0, "full-syncs"),
                    "each full sync the server served is counted");
        }
    }

    /**
     * Redis 6.2 applies a replica's output buffer limit as set: with a backlog that holds the gap, it accepts the
     * partial resync, puts the whole gap in the replica's buffer, and drops the link again, at every attach. After a
     * few, the link syncs in full instead of retrying without end.
     */
    @Test
    void aLinkDroppedAtEachPartialResyncSyncsInFullAfterAFew() {
        try (RedisServer source = RedisServer.start(RedisBinary.embedded62());
             RedisServer target = RedisServer.start()) {
            source.syncStrings().configSet("client-output-buffer-limit", "slave 256kb 0 0");
            source.syncStrings().configSet("repl-backlog-size", "256mb");
            outrunTheLink(source, target, "stalled");
            assertTrue(source.stat("sync_partial_ok") >= 3, "partial resyncs tried, each dropped");
            assertTrue(source.stat("sync_full") >= 2, "the first, and the one the link asked for");
            assertEquals(source.stat("sync_full"), cluster.taskMetric("stalled-source", 0, "full-syncs"),
                    "each full sync the server served is counted");
        }
    }

    /**
     * Makes the task stop taking the stream (paused; a slow Kafka does the same) while 60 MB are written and some
     * keys deleted: the link stops reading, and the server drops it. Then the task goes on and must end equal.
     */
    private void outrunTheLink(RedisServer source, RedisServer target, String name) {
        TestData.writeStrings(source, "kept", 1_000);
        cluster.createTopic(name, 4);
        Map<String, String> config = captureConfig(source, name);
        config.put("redis.retry.backoff.max.ms", "1000"); // the link's wait between two attaches
        cluster.deploy(name + "-source", config);
        cluster.deploy(name + "-sink", ConnectCluster.sinkConfig(target, name));
        assertEqual(source, target, "after the RDB snapshot");

        cluster.connect().pauseConnector(name + "-source");
        Await.until(name + "-source to pause", Duration.ofSeconds(60),
                () -> "PAUSED".equals(cluster.status(name + "-source").connector().state()));
        Set<String> attached = replicaConnections(source);
        assertEquals(1, attached.size(), "the task's link: " + attached);
        // Far more than the link's queue and the sockets hold, in random values that DUMP cannot compress.
        Random random = new Random(17);
        try (StatefulRedisConnection<byte[], byte[]> writer = source.connectBinary()) {
            // Pipelined, a thousand at a time: one command per key still, as the stream must carry.
            List<RedisFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) {
                byte[] value = new byte[2_000];
                random.nextBytes(value);
                sent.add(writer.async().set(("written-while-paused:" + i).getBytes(StandardCharsets.UTF_8), value));
                if (i % 100 == 0) {
                    sent.add(writer.async().del(("kept:" + i / 100).getBytes(StandardCharsets.UTF_8)));
                }
                if (sent.size() >= 1_000) {
                    LettuceFutures.awaitAll(Duration.ofSeconds(60), sent.toArray(RedisFuture[]::new));
                    sent.clear();
                }
            }
            LettuceFutures.awaitAll(Duration.ofSeconds(60), sent.toArray(RedisFuture[]::new));
        }
        Await.until("the server to drop the link past its output buffer limit", Duration.ofSeconds(60),
                () -> !replicaConnections(source).containsAll(attached));
        cluster.connect().resumeConnector(name + "-source");
        assertEqual(source, target, "after the link was dropped and attached again");
        cluster.awaitRunning(name + "-source");
    }

    /** The IDs of the server's replica connections. */
    private static Set<String> replicaConnections(RedisServer source) {
        return Stream.of(source.syncStrings().clientList(ClientListArgs.Builder.typeReplica()).split("\n"))
                .filter(line -> line.startsWith("id=")).map(line -> line.substring(0, line.indexOf(' ')))
                .collect(Collectors.toSet());
    }

    @Test
    void aGapBeyondTheBacklogEndsInAFullSyncThatStillEndsEqual() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            source.syncStrings().configSet("repl-backlog-size", "16384");
            TestData.writeStrings(source, "kept", 3_000);
            cluster.createTopic("resynced", 4);
            cluster.deploy("resynced-source", captureConfig(source, "resynced"));
            cluster.deploy("resynced-sink", ConnectCluster.sinkConfig(target, "resynced"));
            assertEqual(source, target, "after the RDB snapshot");

            stop("resynced-source", source);
            RedisCommands<String, String> redis = source.syncStrings();
            String value = "x".repeat(200);
            for (int i = 0; i < 1_000; i++) {
                redis.del("kept:" + i);
                redis.set("while-stopped:" + i, value);
            }
            cluster.connect().resumeConnector("resynced-source");
            assertEqual(source, target, "after the full sync and its sweep");
            assertEquals(2, source.stat("sync_full"), "the gap passed the backlog: a second full sync");
        }
    }
}
