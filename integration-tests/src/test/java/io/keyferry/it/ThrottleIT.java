package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The throttle limits hold on real servers: between two counts of the target's keys, taken once the copy is under
 * way and before it ends, no more keys arrive than the limit allows in that time, plus its one second's burst and
 * one batch per task. An unthrottled copy of these keys takes well under a second on this machine; the bounds
 * below need several, so they cannot hold by chance, and a slow machine only makes them easier to meet.
 */
class ThrottleIT extends ConnectClusterTest {
    private static final int KEYS = 12_000;
    private static final long FIRST = 1_000;
    private static final long LAST = 11_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void theSourceReadsNoMoreKeysPerSecondThanItsLimit() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "slow", KEYS);
            cluster.createTopic("throttle-source", 4);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, "throttle-source", 4);
            long limit = 2_000;
            int batch = 500;
            sourceConfig.put("redis.throttle.keys.per.second", String.valueOf(limit));
            sourceConfig.put("redis.scan.count", String.valueOf(batch));
            cluster.deploy("throttle-source", sourceConfig);
            cluster.deploy("throttle-source-sink", ConnectCluster.sinkConfig(target, "throttle-source"));

            assertRateAtMost(target, limit, 2L * batch);
            ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertTrue(cluster.taskMetric("throttle-source", 0, "throttled-ms") > 0, "throttled-ms counts the waits");
        }
    }

    /** The bytes the source hands to Connect (its bytes-emitted metric) while a fifth to four fifths of the keys go. */
    @Test
    void theSourceReadsNoMoreBytesPerSecondThanItsLimit() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "bytes", KEYS);
            cluster.createTopic("throttle-bytes", 4);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, "throttle-bytes", 4);
            long limit = 40_000;
            int batch = 500;
            sourceConfig.put("redis.throttle.bytes.per.second", String.valueOf(limit));
            sourceConfig.put("redis.scan.count", String.valueOf(batch));
            cluster.deploy("throttle-bytes", sourceConfig);
            cluster.deploy("throttle-bytes-sink", ConnectCluster.sinkConfig(target, "throttle-bytes"));

            Await.until("the copy to be under way", TIMEOUT, () -> emitted("records-emitted") >= KEYS / 5);
            long first = emitted("bytes-emitted");
            long start = System.nanoTime();
            Await.until("the copy to be nearly done", TIMEOUT, () -> emitted("records-emitted") >= KEYS * 4 / 5);
            long bytes = emitted("bytes-emitted") - first;
            double seconds = (System.nanoTime() - start) / 1e9;
            // One second's worth, and two batches past the limit (a key and its payload are under 60 bytes here).
            double allowed = limit * seconds + limit + 2L * batch * 60;
            assertTrue(bytes <= allowed, String.format("%d bytes emitted in %.2f s (%d bytes a record); the limit "
                    + "allows %.0f", bytes, seconds, emitted("bytes-emitted") / emitted("records-emitted"), allowed));
            ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
        }
    }

    private static long emitted(String metric) {
        return cluster.taskMetric("throttle-bytes", 0, metric);
    }

    @Test
    void theSinkWritesNoMoreKeysPerSecondThanItsLimitSharedByItsTasks() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "slow", KEYS);
            cluster.createTopic("throttle-sink", 4);
            long limit = 2_000;
            Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, "throttle-sink");
            sinkConfig.put("redis.throttle.writes.per.second", String.valueOf(limit));
            int batch = 500;
            sinkConfig.put("consumer.override.max.poll.records", String.valueOf(batch));
            cluster.deploy("throttle-sink", sinkConfig);
            cluster.deploy("throttle-sink-source", ConnectCluster.sourceConfig(source, "throttle-sink", 4));

            int tasks = Integer.parseInt(sinkConfig.get("tasks.max"));
            assertRateAtMost(target, limit, (long) tasks * batch);
            ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            long throttled = 0;
            for (int task = 0; task < tasks; task++) {
                throttled += cluster.taskMetric("throttle-sink", task, "throttled-ms");
            }
            assertTrue(throttled > 0, "throttled-ms counts the batches held back");
        }
    }

    /** Between FIRST and LAST keys on the target: at most limit per second, one second's worth and the batches more. */
    private static void assertRateAtMost(RedisServer target, long limit, long batches) {
        Await.until("the copy to be under way", TIMEOUT, () -> target.sync().dbsize() >= FIRST);
        long firstCount = target.sync().dbsize();
        long start = System.nanoTime();
        Await.until("the copy to be nearly done", TIMEOUT, () -> target.sync().dbsize() >= LAST);
        long keys = target.sync().dbsize() - firstCount;
        double seconds = (System.nanoTime() - start) / 1e9;
        double allowed = limit * seconds + limit + batches;
        assertTrue(keys <= allowed, String.format("%d keys arrived in %.2f s; the limit allows %.0f", keys, seconds,
                allowed));
    }
}
