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
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "down-at-start", 5_000);
            String topic = "target-down-at-start";
            cluster.createTopic(topic, 4);
            Map<String, String> sink = ConnectCluster.sinkConfig(target, topic);
            sink.put("redis.retry.backoff.max.ms", "500");
            cluster.deploy("late-target-sink", sink);
            cluster.awaitRunning("late-target-sink");

            target.kill();
            cluster.restartWithTasks("late-target-sink");
            awaitAttempts("late-target-sink", 2, "connect-failures");
            assertEquals(1, cluster.taskMetric("late-target-sink", 0, "target-waiting"));
            cluster.deploy("late-target-source", ConnectCluster.sourceConfig(source, topic, 4));
            Await.until("the snapshot to be in the topic", TIMEOUT, () -> cluster.recordCount(topic) >= source.dbsize());
            assertTrue(cluster.allRunning("late-target-sink"), () -> String.valueOf(cluster.status("late-target-sink")));

            target.restart();
            assertCopied(source, target);
            assertTrue(cluster.allRunning("late-target-sink"), () -> String.valueOf(cluster.status("late-target-sink")));
            assertEquals(0, cluster.taskMetric("late-target-sink", 0, "target-waiting"));
        }
    }

    @Test
    void sinkOutlastingItsRetriesCarriesOnWhenTheTargetIsBack() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "down-midway", 5_000);
            String topic = "target-down-midway";
            cluster.createTopic(topic, 4);
            Map<String, String> sink = ConnectCluster.sinkConfig(target, topic);
            // Two attempts 50 ms apart: the outage outlasts them many times over.
            sink.put("redis.retry.max.attempts", "2");
            sink.put("redis.retry.backoff.ms", "50");
            sink.put("redis.retry.backoff.max.ms", "200");
            cluster.deploy("outage-sink", sink);
            cluster.awaitRunning("outage-sink");

            target.kill();
            cluster.deploy("outage-source", ConnectCluster.sourceConfig(source, topic, 4));
            Await.until("the sink to have given batches back to Connect several times", TIMEOUT,
                    () -> cluster.taskMetric("outage-sink", 0, "write-retries")
                            + cluster.taskMetric("outage-sink", 1, "write-retries") >= 6,
                    () -> String.valueOf(cluster.status("outage-sink")));
            assertTrue(cluster.allRunning("outage-sink"), () -> String.valueOf(cluster.status("outage-sink")));

            target.restart();
            assertCopied(source, target);
            assertTrue(cluster.allRunning("outage-sink"), () -> String.valueOf(cluster.status("outage-sink")));
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
            assertTrue(cluster.allRunning("late-source"), () -> String.valueOf(cluster.status("late-source")));

            // The saved dataset loads for seconds, and the server answers LOADING meanwhile.
            source.restart("--key-load-delay", "200", "--loading-process-events-interval-bytes", "1024");
            assertTrue(loading(source), "the source is loading");
            Await.until("the source to load its dataset", TIMEOUT, () -> !loading(source));
            assertCopied(source, target);
            assertTrue(cluster.allRunning("late-source"), () -> String.valueOf(cluster.status("late-source")));
            assertEquals(0, cluster.taskMetric("late-source", 0, "source-waiting"));
        }
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
        }, () -> String.valueOf(cluster.status(connector)));
    }

    private static void assertCopied(RedisServer source, RedisServer target) {
        ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
        assertTrue(report.identical(), () -> "target differs from source:\n" + report);
    }
}
