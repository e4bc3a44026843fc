package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.Test;

/**
 * Offsets changed through Connect's REST API (KIP-875: stop the connector, PATCH or DELETE its offsets, resume):
 * each connector checks what it is given, refuses what it would never write or read with a message saying why,
 * and follows what it accepts — a source rewound snapshots again, a sink rewound replays the topic.
 */
class OffsetManagementIT extends ConnectClusterTest {
    private static final Duration COPIED = Duration.ofSeconds(120);

    @Test
    void aSourceRefusesOffsetsItDoesNotWriteAndSnapshotsAgainFromARewoundCursor() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "first", 500);
            cluster.createTopic("rewound", 2);
            cluster.deploy("rewound-source", ConnectCluster.sourceConfig(source, "rewound", 2));
            Await.until("the snapshot to commit its done offset", COPIED,
                    () -> "done".equals(committedOffset("rewound-source").get("phase")),
                    () -> String.valueOf(cluster.connect().connectorOffsets("rewound-source").offsets()));
            stop("rewound-source");

            Map<String, Object> database0 = Map.of("database", 0);
            assertRefused("rewound-source", database0, Map.of("phase", "streaming"), "\"phase\" must be");
            assertRefused("rewound-source", database0, Map.of("phase", "snapshot", "cursor", "-1"), "SCAN \"cursor\"");
            assertRefused("rewound-source", Map.of("database", 7), Map.of("phase", "done"),
                    "reads database [0], not 7");
            assertRefused("rewound-source", Map.of("db", 0), Map.of("phase", "done"), "not [db]");
            assertEquals("done", committedOffset("rewound-source").get("phase"), "a refused change changes nothing");

            // Keys written after the snapshot: a snapshot source copies them only if it scans again.
            TestData.writeStrings(source, "later", 300);
            cluster.connect().alterSourceConnectorOffset("rewound-source", database0,
                    Map.of("phase", "snapshot", "cursor", "0"));
            assertEquals(Map.of("phase", "snapshot", "cursor", "0"), committedOffset("rewound-source"));
            cluster.connect().resumeConnector("rewound-source");
            cluster.deploy("rewound-sink", ConnectCluster.sinkConfig(target, "rewound"));
            ComparisonReport report = Keyspaces.awaitEqual(source, target, COPIED);
            assertTrue(report.identical(), () -> "the rewound snapshot copied every key:\n" + report);
            assertEquals(800, report.sourceKeys());
        }
    }

    @Test
    void aSinkRefusesTopicsItDoesNotConsumeAndReplaysTheTopicFromARewoundOffset() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "replayed", 400);
            cluster.createTopic("replayed", 2);
            cluster.deploy("replayed-source", ConnectCluster.sourceConfig(source, "replayed", 2));
            cluster.deploy("replayed-sink", ConnectCluster.sinkConfig(target, "replayed"));
            ComparisonReport copied = Keyspaces.awaitEqual(source, target, COPIED);
            assertTrue(copied.identical(), () -> "first copy:\n" + copied);
            Await.until("the sink to commit the end of the topic", COPIED,
                    () -> committedSinkRecords("replayed-sink") == cluster.recordCount("replayed"));
            stop("replayed-sink");

            ConnectRestException refused = assertThrows(ConnectRestException.class, () -> cluster.connect()
                    .alterSinkConnectorOffset("replayed-sink", new TopicPartition("elsewhere", 0), 0L));
            assertTrue(refused.getMessage().contains("does not consume topic elsewhere"), refused.getMessage());

            // The target lost: rewinding the sink to the start of the topic rebuilds it.
            try (RedisDeployment.StringConnection redis = target.connectStrings()) {
                redis.sync().flushall();
            }
            for (int partition = 0; partition < 2; partition++) {
                cluster.connect().alterSinkConnectorOffset("replayed-sink",
                        new TopicPartition("replayed", partition), 0L);
            }
            assertEquals(0, committedSinkRecords("replayed-sink"));
            cluster.connect().resumeConnector("replayed-sink");
            ComparisonReport replayed = Keyspaces.awaitEqual(source, target, COPIED);
            assertTrue(replayed.identical(), () -> "the replay rebuilt the target:\n" + replayed);
            assertEquals(400, replayed.sourceKeys());
        }
    }

    private static void stop(String connector) {
        cluster.connect().stopConnector(connector);
        Await.until(connector + " to stop", Duration.ofSeconds(60),
                () -> "STOPPED".equals(cluster.status(connector).connector().state()));
    }

    private static void assertRefused(String connector, Map<String, ?> partition, Map<String, ?> offset,
                                      String reason) {
        ConnectorOffsets change = new ConnectorOffsets(List.of(new ConnectorOffset(partition, offset)));
        ConnectRestException refused = assertThrows(ConnectRestException.class,
                () -> cluster.connect().alterConnectorOffsets(connector, change), () -> partition + " " + offset);
        // The REST error is JSON: its quotes arrive escaped.
        assertTrue(refused.getMessage().replace("\\\"", "\"").contains(reason), refused.getMessage());
    }

    private static Map<String, ?> committedOffset(String connector) {
        List<ConnectorOffset> offsets = cluster.connect().connectorOffsets(connector).offsets();
        return offsets.isEmpty() ? Map.of() : offsets.get(0).offset();
    }

    private static long committedSinkRecords(String connector) {
        return cluster.connect().connectorOffsets(connector).offsets().stream()
                .mapToLong(offset -> ((Number) offset.offset().get("kafka_offset")).longValue()).sum();
    }
}
