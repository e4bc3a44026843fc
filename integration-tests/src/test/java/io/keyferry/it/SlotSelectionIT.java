package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.record.SlotSet;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * redis.key.slots copies the keys of the given hash slots only, from a standalone server and from a cluster,
 * snapshot and live; and tasks.max splits a standalone server among tasks by slots, which together copy it all.
 */
class SlotSelectionIT extends ConnectClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String SLOTS = "0-5000,12000-16383";

    @Test
    void aStandaloneSourceCopiesTheKeysOfTheSelectedSlotsOnlySnapshotAndLive() {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "slotted", 5_000);
            cluster.createTopic("slots-standalone", 4);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "slots-standalone", 4);
            sourceConfig.put("redis.key.slots", SLOTS);
            cluster.deploy("slots-standalone-source", sourceConfig);
            cluster.deploy("slots-standalone-sink", ConnectCluster.sinkConfig(target, "slots-standalone"));
            awaitSelection(source, target, SlotSet.parse(SLOTS));

            try (RedisDeployment.StringConnection writes = source.connectStrings()) {
                for (int i = 0; i < 500; i++) {
                    writes.sync().set("live:" + i, "changed");
                    writes.sync().del("slotted:" + i);
                }
            }
            awaitSelection(source, target, SlotSet.parse(SLOTS));
        }
    }

    @Test
    void aClusterSourceCopiesTheKeysOfTheSelectedSlotsOnly() {
        try (RedisCluster source = RedisCluster.start(3, 0); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "slotted", 5_000);
            cluster.createTopic("slots-cluster", 6);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, "slots-cluster", 6);
            sourceConfig.put("tasks.max", "3");
            sourceConfig.put("redis.key.slots", SLOTS);
            cluster.deploy("slots-cluster-source", sourceConfig);
            cluster.deploy("slots-cluster-sink", ConnectCluster.sinkConfig(target, "slots-cluster"));
            awaitSelection(source, target, SlotSet.parse(SLOTS));
            // The harness gives the primaries 0-5460, 5461-10921 and 10922-16383: the second holds no selected slot.
            assertEquals(2, cluster.status("slots-cluster-source").tasks().size(),
                    "a task per primary with selected slots");
        }
    }

    @Test
    void twoTasksSplitAStandaloneServerBySlotsAndTogetherCopyItAll() {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "split", 10_000);
            cluster.createTopic("slots-split", 4);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "slots-split", 4);
            sourceConfig.put("tasks.max", "2");
            cluster.deploy("slots-split-source", sourceConfig);
            cluster.deploy("slots-split-sink", ConnectCluster.sinkConfig(target, "slots-split"));
            ComparisonReport snapshot = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(snapshot.identical(), () -> "after the snapshot, target differs:\n" + snapshot);
            assertEquals(2, cluster.status("slots-split-source").tasks().size());
            for (int task = 0; task < 2; task++) {
                long emitted = cluster.taskMetric("slots-split-source", task, "records-emitted");
                assertTrue(emitted > 3_000 && emitted < 7_000, "task " + task + " emitted " + emitted + " records");
            }

            try (RedisDeployment.StringConnection writes = source.connectStrings()) {
                for (int i = 0; i < 500; i++) {
                    writes.sync().set("split:" + i, "changed");
                    writes.sync().del("split:" + (5_000 + i));
                }
            }
            ComparisonReport live = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(live.identical(), () -> "after live changes, target differs:\n" + live);
        }
    }

    private static void awaitSelection(RedisDeployment source, RedisServer target, SlotSet slots) {
        Keyspaces.awaitSelection(source, target, key -> slots.containsKey(key.getBytes(StandardCharsets.UTF_8)),
                SETTLE);
    }
}
