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
import io.keyferry.source.RedisSourceConnector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster as a source (and as a target), on real 3-primary clusters: slots shared among tasks, a
 * concurrent writer, and topology changes (a failover, a resharding) while changes flow.
 */
class ClusterSourceIT extends ConnectClusterTest {
    /** A deadline for the writer\'s own progress: on a loaded machine its synchronous commands slow down. */
    private static final Duration WRITER_PROGRESS = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final int PARTITIONS = 6;

    @AfterEach
    void removeConnectors() {
        cluster.deleteAll();
    }

    private Map<String, String> liveSource(RedisCluster source, String topic, int tasks) {
        cluster.createTopic(topic, PARTITIONS);
        Map<String, String> config = cluster.liveSourceConfig(source, topic, PARTITIONS);
        config.put("tasks.max", String.valueOf(tasks));
        // Each primary (and a replica once promoted) gets the flags when its lane opens.
        config.put("redis.live.notifications.configure", "true");
        return config;
    }

    @Test
    void clusterToClusterSnapshotAndLiveWithThreeTasks() {
        try (RedisCluster source = RedisCluster.start(3, 0); RedisCluster target = RedisCluster.start(3, 0)) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "preloaded", 20_000);
            try (MixedWriter writer = MixedWriter.start(source, 2000)) {
                cluster.deploy("c2c-source", liveSource(source, "c2c", 3));
                cluster.deploy("c2c-sink", ConnectCluster.sinkConfig(target, "c2c"));
                cluster.awaitRunning("c2c-source");
                Await.until("the writer to run through snapshot and live phases", WRITER_PROGRESS,
                        () -> writer.operations() >= 20_000);
            }
            ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);

            // The work is spread: three running tasks, each with a third of the slots, each emitting records.
            ConnectorStateInfo status = cluster.status("c2c-source");
            assertEquals(3, status.tasks().size(), status::toString);
            for (int task = 0; task < 3; task++) {
                assertTrue(cluster.taskMetric("c2c-source", task, "keys-scanned") > 5_000, "task " + task + " scanned");
                assertTrue(cluster.taskMetric("c2c-source", task, "changes-read") > 0,
                        "task " + task + " followed changes");
                assertEquals(0, cluster.taskMetric("c2c-source", task, "resyncs"), "task " + task + " resyncs");
            }
            assertEquals(Set.of("0-5460", "5461-10921", "10922-16383"), slotShares("c2c-source"));
        }
    }

    private Set<String> slotShares(String connector) {
        Set<String> shares = new TreeSet<>();
        for (ConnectorOffset offset : cluster.connect().connectorOffsets(connector).offsets()) {
            shares.add(String.valueOf(offset.partition().get("slots")));
        }
        return shares;
    }

    @Test
    void standaloneToClusterAndClusterToStandalone() {
        try (RedisServer standalone = RedisServer.start(); RedisCluster middle = RedisCluster.start(3, 0);
             RedisServer back = RedisServer.start()) {
            TestData.writeEveryType(standalone.sync());
            TestData.writeStrings(standalone, "k", 10_000);
            cluster.createTopic("into-cluster", PARTITIONS);
            cluster.deploy("into-source", ConnectCluster.sourceConfig(standalone, "into-cluster", PARTITIONS));
            cluster.deploy("into-sink", ConnectCluster.sinkConfig(middle, "into-cluster"));
            ComparisonReport into = Keyspaces.awaitEqual(standalone, middle, SETTLE);
            assertTrue(into.identical(), () -> "cluster differs from the standalone source:\n" + into);

            cluster.createTopic("out-of-cluster", PARTITIONS);
            Map<String, String> out = ConnectCluster.sourceConfig(middle, "out-of-cluster", PARTITIONS);
            out.put("tasks.max", "2");
            cluster.deploy("out-source", out);
            cluster.deploy("out-sink", ConnectCluster.sinkConfig(back, "out-of-cluster"));
            ComparisonReport outOf = Keyspaces.awaitEqual(middle, back, SETTLE);
            assertTrue(outOf.identical(), () -> "standalone target differs from the cluster:\n" + outOf);
            assertEquals(2, cluster.status("out-source").tasks().size());
        }
    }

    @Test
    void aDatabaseInTheUriOfAClusterFailsValidationSayingToRemoveIt() {
        try (RedisCluster source = RedisCluster.start(3, 0)) {
            Map<String, String> config = ConnectCluster.sourceConfig(source, "db", 1);
            config.put("redis.uri", source.uri() + "/2");
            config.put("name", "db-source");
            List<String> errors = cluster.connect()
                    .validateConnectorConfig(RedisSourceConnector.class.getSimpleName(), config).configs().stream()
                    .flatMap(info -> info.configValue().errors().stream()).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("a cluster has only database 0: remove /2 from redis.uri"),
                    errors.get(0));
        }
    }

    @Test
    void failoverOnTheSourceDuringLiveWritesLosesNothing() {
        try (RedisCluster source = RedisCluster.start(3, 1)) {
            staysEqualThrough(source, "failover", () -> {
                RedisServer replica = source.replicas().get(0);
                replica.syncStrings().clusterFailover(false);
                Await.until("the replica to take over", Duration.ofSeconds(30),
                        () -> replica.syncStrings().info("replication").contains("role:master"));
                Await.until("the task to follow the new primary", Duration.ofSeconds(30),
                        () -> cluster.taskMetric("failover-source", 0, "resyncs") >= 1);
            });
        }
    }

    @Test
    void reshardingTheSourceDuringLiveWritesLosesNothing() {
        try (RedisCluster source = RedisCluster.start(3, 0)) {
            // 300 slots of the first primary (task 0's share) move to the second (task 1's node).
            List<RedisServer> primaries = source.primaries();
            staysEqualThrough(source, "reshard",
                    () -> source.moveSlots(primaries.get(0), primaries.get(1), 5_000, 5_299));
            // Task 0 follows its moved slots to a node new to it (one resync); no task resyncs more than once.
            assertTrue(cluster.taskMetric("reshard-source", 0, "resyncs") >= 1,
                    "task 0 read the node its slots moved to");
            assertTrue(IntStream.of(0, 1, 2)
                    .allMatch(task -> cluster.taskMetric("reshard-source", task, "resyncs") <= 1));
        }
    }

    /**
     * Replicates a busy cluster live into a server, makes the topology change once changes flow, lets the
     * writer go on, and asserts that the target ends equal to the source.
     */
    private void staysEqualThrough(RedisCluster source, String name, Runnable topologyChange) {
        try (RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "preloaded", 10_000);
            cluster.deploy(name + "-source", liveSource(source, name, 3));
            cluster.deploy(name + "-sink", ConnectCluster.sinkConfig(target, name));
            try (MixedWriter writer = MixedWriter.start(source, 2000)) {
                Await.until("live changes to flow", Duration.ofSeconds(90),
                        () -> cluster.taskMetric(name + "-source", 0, "changes-read") > 500);
                topologyChange.run();
                long before = writer.operations();
                Await.until("the writer to go on after the change", WRITER_PROGRESS,
                        () -> writer.operations() >= before + 10_000);
            }
            ComparisonReport report = Keyspaces.awaitEqual(source, target, SETTLE);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
        }
    }
}
