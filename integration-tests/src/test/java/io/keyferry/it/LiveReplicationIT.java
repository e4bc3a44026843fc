package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.MixedWriter;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.it.harness.StandaloneTaskContext;
import io.keyferry.source.RedisSourceConnector;
import io.keyferry.source.RedisSourceTask;
import io.lettuce.core.KillArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Live mode on real servers: a busy source stays equal to its target, through a lost subscription too. */
class LiveReplicationIT extends ConnectClusterTest {
    /** A deadline for the writer\'s own progress: on a loaded machine its synchronous commands slow down. */
    private static final Duration WRITER_PROGRESS = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static RedisServer notifyingServer() {
        return RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
    }

    @Test
    void busySourceStaysEqualAcrossSnapshotAndLive() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "preloaded", 50_000);
            // The shipped live config, pointed at the test servers; Connect creates its topic.
            Map<String, String> sourceConfig = ConnectCluster.shippedConfig("source-live.json");
            sourceConfig.put("redis.uri", source.uri());
            sourceConfig.put("redis.topic", "live");
            sourceConfig.put("redis.resync.kafka.bootstrap.servers", cluster.connect().kafka().bootstrapServers());
            try (MixedWriter writer = MixedWriter.start(source, 3000)) {
                cluster.deploy("live-source", sourceConfig);
                cluster.deploy("live-sink", ConnectCluster.sinkConfig(target, "live"));
                Await.until("the writer to run through snapshot and live phases", WRITER_PROGRESS,
                        () -> writer.operations() >= 30_000);
            }
            ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertEquals(0, cluster.taskMetric("live-source", 0, "resyncs"));
            assertTrue(cluster.taskMetric("live-source", 0, "changes-read") > 0);
            long lag = Math.max(cluster.taskMetric("live-sink", 0, "lag-ms"),
                    cluster.taskMetric("live-sink", 1, "lag-ms"));
            assertTrue(lag > 0 && lag < 30_000, "the sink's lag-ms of its last live batch: " + lag);
        }
    }

    @Test
    void lostSubscriptionIsDetectedAndResynced() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "preloaded", 10_000);
            TestData.writeStrings(source, "deleted-in-gap", 100);
            cluster.createTopic("resync", 4);
            cluster.deploy("resync-source", cluster.liveSourceConfig(source, "resync", 4));
            cluster.deploy("resync-sink", ConnectCluster.sinkConfig(target, "resync"));
            try (MixedWriter writer = MixedWriter.start(source, 3000)) {
                Await.until("live changes to flow", Duration.ofSeconds(60),
                        () -> cluster.taskMetric("resync-source", 0, "changes-read") > 1000
                                && target.syncStrings().exists("deleted-in-gap:99") == 1);
                killSubscriptionAndDeleteInTheGap(source);
                long before = writer.operations();
                Await.until("the writer to go on after the kill", WRITER_PROGRESS,
                        () -> writer.operations() >= before + 15_000);
            }
            ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertEquals(0, target.syncStrings().keys("deleted-in-gap:*").size(),
                    "deletes missed in the gap are swept");
            assertEquals(1, cluster.taskMetric("resync-source", 0, "resyncs"));
            assertTrue(cluster.taskMetric("resync-source", 0, "swept-tombstones") >= 100);
        }
    }

    @Test
    void overflowingChangeQueueIsDetectedAndResynced() {
        try (RedisServer source = notifyingServer(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "preloaded", 1_000);
            cluster.createTopic("overflow", 2);
            Map<String, String> config = cluster.liveSourceConfig(source, "overflow", 2);
            // A queue of 50 keys that waits a second before reading: a burst of changes must overflow it.
            config.put("redis.live.queue.capacity", "50");
            config.put("redis.live.debounce.ms", "1000");
            cluster.deploy("overflow-source", config);
            cluster.deploy("overflow-sink", ConnectCluster.sinkConfig(target, "overflow"));
            Await.until("the snapshot to arrive", Duration.ofSeconds(60), () -> target.sync().dbsize() == 1_000);
            for (int i = 0; i < 500; i++) {
                source.syncStrings().set("burst:" + i, "v" + i);
            }
            source.syncStrings().del("preloaded:7");
            Await.until("the overflow to start a resync", Duration.ofSeconds(30),
                    () -> cluster.taskMetric("overflow-source", 0, "resyncs") >= 1);
            ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertTrue(cluster.taskMetric("overflow-source", 0, "notifications-dropped") > 0);
        }
    }

    /** Kills the subscription and deletes keys in one transaction: their notifications go to no one. */
    private static void killSubscriptionAndDeleteInTheGap(RedisServer source) {
        RedisCommands<String, String> redis = source.syncStrings();
        redis.multi();
        redis.clientKill(KillArgs.Builder.typePubsub());
        for (int i = 0; i < 100; i++) {
            redis.del("deleted-in-gap:" + i);
        }
        TransactionResult result = redis.exec();
        assertEquals(1L, (Long) result.get(0), "the source's subscription was killed");
    }

    @Test
    void notificationsOffFailValidationWithWhatToSetAndTheOptInSetsThem() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            Map<String, String> config = cluster.liveSourceConfig(source, "opt-in", 1);
            config.put("name", "opt-in-source");
            List<String> errors = cluster.connect()
                    .validateConnectorConfig(RedisSourceConnector.class.getSimpleName(), config)
                    .configs().stream().flatMap(info -> info.configValue().errors().stream()).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("CONFIG SET notify-keyspace-events"), errors.get(0));
            assertTrue(errors.get(0).contains("redis.live.notifications.configure=true"), errors.get(0));

            config.put("redis.live.notifications.configure", "true");
            cluster.createTopic("opt-in", 1);
            cluster.deploy("opt-in-source", config);
            cluster.deploy("opt-in-sink", ConnectCluster.sinkConfig(target, "opt-in"));
            cluster.awaitRunning("opt-in-source");
            Await.until("the connector to switch notifications on", Duration.ofSeconds(30),
                    () -> source.syncStrings().configGet("notify-keyspace-events").get("notify-keyspace-events")
                            .contains("E"));
            source.syncStrings().set("written-after-start", "live");
            Await.until("the change to reach the target", Duration.ofSeconds(30),
                    () -> "live".equals(target.syncStrings().get("written-after-start")));
        }
    }

    @Test
    void notificationsOffFailTheTaskStartWithWhatToSet() {
        try (RedisServer source = RedisServer.start()) {
            Map<String, String> config = cluster.liveSourceConfig(source, "off", 1);
            RedisSourceTask task = new RedisSourceTask();
            try (StandaloneTaskContext context = new StandaloneTaskContext(config)) {
                task.initialize(context);
                ConnectException failure = assertThrows(ConnectException.class, () -> task.start(config));
                assertTrue(failure.getMessage().contains("Keyspace notifications are off"), failure.getMessage());
            } finally {
                task.stop();
            }
        }
    }

    @Test
    void startingAndStoppingTwentyTimesLeavesNoThreads() throws InterruptedException {
        try (RedisServer source = notifyingServer()) {
            TestData.writeStrings(source, "k", 2_000);
            cluster.createTopic("lifecycle", 1);
            Map<String, String> config = cluster.liveSourceConfig(source, "lifecycle", 1);
            runTask(config, null);
            Set<String> before = liveThreadNames();
            for (int i = 0; i < 20; i++) {
                // Every other start finds a committed offset and resyncs, which opens the topic sweep's consumer.
                runTask(config, i % 2 == 0 ? null : Map.of("phase", "done"));
            }
            Await.until("the stopped tasks' threads to end", Duration.ofSeconds(30),
                    () -> liveThreadNames().size() <= before.size(), () -> {
                        Set<String> extra = new TreeSet<>(liveThreadNames());
                        extra.removeAll(before);
                        return "threads left: " + extra;
                    });
        }
    }

    private static void runTask(Map<String, String> config, Map<String, Object> storedOffset)
            throws InterruptedException {
        RedisSourceTask task = new RedisSourceTask();
        try (StandaloneTaskContext context = new StandaloneTaskContext(config)) {
            context.storedOffset(storedOffset);
            task.initialize(context);
            task.start(config);
            for (int i = 0; i < 5; i++) {
                task.poll();
            }
        } finally {
            task.stop();
        }
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
