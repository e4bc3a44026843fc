package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Tasks whose server is down, restarting or loading when they start, or that stays down longer than the
 * write retries last, wait for it and carry on by themselves: Connect never restarts a failed task. The
 * servers are killed with SIGKILL; the tasks are restarted through the REST API, which starts them as a
 * restarted worker does (stored configs and offsets, no validation).
 */
class ServerOutageIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void sinkStartedWhileTheTargetIsDownWritesOnceItIsBack() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            String topic = "target-down-at-start";
            runSink(source, target, topic, "late-target-sink", Map.of("redis.retry.backoff.max.ms", "500"));

            target.kill();
            cluster.restartWithTasks("late-target-sink");
            awaitAttempts("late-target-sink", 2, "connect-failures");
            assertEquals(1, cluster.taskMetric("late-target-sink", 0, "target-waiting"));
            cluster.deploy("late-target-source", ConnectCluster.sourceConfig(source, topic, 4));
            Await.until("the snapshot to be in the topic", TIMEOUT,
                    () -> cluster.recordCount(topic) >= source.dbsize());
            assertTrue(cluster.allRunning("late-target-sink"), () -> cluster.describe("late-target-sink"));

            target.restart();
            assertCopied(source, target);
            assertTrue(cluster.allRunning("late-target-sink"), () -> cluster.describe("late-target-sink"));
            // A task with nothing to write reaches the target at its next (empty) put, a moment after the other.
            Await.until("both sink tasks to have reached the target", TIMEOUT,
                    () -> cluster.taskMetric("late-target-sink", 0, "target-waiting")
                            + cluster.taskMetric("late-target-sink", 1, "target-waiting") == 0);
        }
    }

    @Test
    void sinkOutlastingItsRetriesCarriesOnWhenTheTargetIsBack() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            String topic = "target-down-midway";
            // Two attempts 50 ms apart: the outage outlasts them many times over.
            runSink(source, target, topic, "outage-sink", Map.of("redis.retry.max.attempts", "2",
                    "redis.retry.backoff.ms", "50", "redis.retry.backoff.max.ms", "200"));

            target.kill();
            cluster.deploy("outage-source", ConnectCluster.sourceConfig(source, topic, 4));
            Await.until("the sink to have given batches back to Connect several times", TIMEOUT,
                    () -> cluster.taskMetric("outage-sink", 0, "write-retries")
                            + cluster.taskMetric("outage-sink", 1, "write-retries") >= 6,
                    () -> cluster.describe("outage-sink"));
            assertTrue(cluster.allRunning("outage-sink"), () -> cluster.describe("outage-sink"));

            target.restart();
            assertCopied(source, target);
            assertTrue(cluster.allRunning("outage-sink"), () -> cluster.describe("outage-sink"));
        }
    }

    @Test
    void sourceStartedWhileItsServerIsDownAndThenLoadingCopiesOnceItAnswers() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "loading", 10_000);
            source.sync().save();
            String topic = "source-down-at-start";
            cluster.createTopic(topic, 4);
            cluster.deploy("late-source-sink", ConnectCluster.sinkConfig(target, topic));
            Map<String, String> config = ConnectCluster.sourceConfig(source, topic, 4);
            config.put("redis.retry.backoff.max.ms", "500");
            config.put("redis.scan.count", "50");
            cluster.deploy("late-source", config);
            cluster.awaitRunning("late-source");

            source.kill();
            cluster.restartWithTasks("late-source");
            awaitAttempts("late-source", 1, "connect-failures");
            assertEquals(1, cluster.taskMetric("late-source", 0, "source-waiting"));
            assertTrue(cluster.allRunning("late-source"), () -> cluster.describe("late-source"));

            // The saved dataset loads for seconds, and the server answers LOADING meanwhile.
            source.restart("--key-load-delay", "200", "--loading-process-events-interval-bytes", "1024");
            assertTrue(loading(source), "the source is loading");
            Await.until("the source to load its dataset", TIMEOUT, () -> !loading(source));
            assertCopied(source, target);
            assertTrue(cluster.allRunning("late-source"), () -> cluster.describe("late-source"));
            assertEquals(0, cluster.taskMetric("late-source", 0, "source-waiting"));
        }
    }

    /** Fills the source, and runs a sink from the (still empty) topic into the target. */
    private static void runSink(RedisServer source, RedisServer target, String topic, String name,
                                Map<String, String> settings) {
        TestData.writeEveryType(source.sync());
        TestData.writeStrings(source, topic, 5_000);
        cluster.createTopic(topic, 4);
        Map<String, String> sink = ConnectCluster.sinkConfig(target, topic);
        sink.putAll(settings);
        cluster.deploy(name, sink);
        cluster.awaitRunning(name);
    }

    private static boolean loading(RedisServer server) {
        return server.syncStrings().info("persistence").contains("loading:1");
    }

    private static void awaitAttempts(String connector, int tasks, String metric) {
        Await.until("each task of " + connector + " to have failed to reach its server twice", TIMEOUT, () -> {
            for (int task = 0; task < tasks; task++) {
                if (cluster.taskMetric(connector, task, metric) < 2) {
                    return false;
                }
            }
            return true;
        }, () -> cluster.describe(connector));
    }

    private static void assertCopied(RedisServer source, RedisServer target) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
        assertTrue(report.identical(), () -> "target differs from source:\n" + report);
    }
}
