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
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
