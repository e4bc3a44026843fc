package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.MixedWriter;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * redis.capture=replication on real 3-primary clusters: one replication link per primary, each task attached to
 * the primary of its slots, while a writer runs and the topology changes (a failover, a resharding).
 */
class ClusterCaptureIT extends ConnectClusterTest {
    private static final Duration WRITER_PROGRESS = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final int PARTITIONS = 6;

    /**
     * A replica promoted while writes flow: the task attaches to it and continues its old primary's stream by
     * partial resync (the promoted replica keeps that stream's ID as its second), with no full sync.
     */
    @Test
    void aFailoverContinuesTheStreamOnThePromotedReplica() {
        try (RedisCluster source = RedisCluster.start(3, 1)) {
            staysEqualThrough(source, "promoted", () -> {
                RedisServer replica = source.replicas().get(0);
                replica.syncStrings().clusterFailover(false);
                Await.until("the replica to take over", Duration.ofSeconds(30),
                        () -> replica.syncStrings().info("replication").contains("role:master"));
                Await.until("a task to continue the stream on it", Duration.ofSeconds(60),
                        () -> sum("promoted-source", "partial-resyncs") >= 1);
            });
            assertEquals(3, sum("promoted-source", "full-syncs"), "one full sync per primary, the first only");
        }
    }

    /**
     * Slots moved from one primary to another while writes flow: the old owner's stream deletes the moved keys,
     * the new owner's restores them; each is read where its slot is now.
     */
    @Test
    void aReshardingIsFollowedKeyByKey() {
        try (RedisCluster source = RedisCluster.start(3, 0)) {
            List<RedisServer> primaries = source.primaries();
            staysEqualThrough(source, "resharded",
                    () -> source.moveSlots(primaries.get(0), primaries.get(1), 5_000, 5_299));
        }
    }

    private static long sum(String connector, String metric) {
        return IntStream.range(0, 3).mapToLong(task -> cluster.taskMetric(connector, task, metric)).sum();
    }

    private void staysEqualThrough(RedisCluster source, String name, Runnable topologyChange) {
        try (RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "preloaded", 10_000);
            cluster.createTopic(name, PARTITIONS);
            Map<String, String> config = cluster.liveSourceConfig(source, name, PARTITIONS);
            config.put("tasks.max", "3");
            config.put("redis.capture", "replication");
            cluster.deploy(name + "-source", config);
            cluster.deploy(name + "-sink", ConnectCluster.sinkConfig(target, name));
            assertEqual(source, target, "after the RDB snapshots");
            try (MixedWriter writer = MixedWriter.start(source, 2000)) {
                Await.until("the streams to flow", Duration.ofSeconds(90),
                        () -> sum(name + "-source", "stream-commands") > 500);
                topologyChange.run();
                long before = writer.operations();
                Await.until("the writer to go on after the change", WRITER_PROGRESS,
                        () -> writer.operations() >= before + 10_000);
            }
            assertEqual(source, target, "after the writes");
            cluster.awaitRunning(name + "-source");
        }
    }

    private static void assertEqual(RedisCluster source, RedisServer target, String when) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
        assertTrue(report.identical(), () -> when + ": the target differs from the source:\n" + report);
    }
}
