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
 * The Kafka broker stopped and started again in the middle of a snapshot: both connectors carry on, nothing is lost.
 */
class BrokerRestartIT extends ConnectClusterTest {
    private static final int KEYS = 100_000;

    @Test
    void aSnapshotGoesOnAfterTheBrokerRestartsMidway() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "broker", KEYS);
            String topic = "broker-restart";
            cluster.createTopic(topic, 4);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, topic, 4);
            // Small SCAN steps make the snapshot last long enough to be interrupted.
            sourceConfig.put("redis.scan.count", "50");
            cluster.deploy("broker-source", sourceConfig);
            cluster.deploy("broker-sink", ConnectCluster.sinkConfig(target, topic));
            Await.until("part of the snapshot to be written", Duration.ofSeconds(120),
                    () -> target.dbsize() > KEYS / 10);

            cluster.connect().kafka().stopOnlyBrokers();
            cluster.connect().kafka().restartOnlyBrokers();

            ComparisonReport report = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(240));
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            // The worker lost its group coordinator with the broker, so its tasks may be in a rebalance: they must
            // come back running, none failed.
            cluster.awaitRunning("broker-source");
            cluster.awaitRunning("broker-sink");
        }
    }
}
