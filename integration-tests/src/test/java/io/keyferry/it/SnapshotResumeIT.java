package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.junit.jupiter.api.Test;

/** A snapshot stopped mid-way continues from its committed SCAN cursor, not from the first key. */
class SnapshotResumeIT extends ConnectClusterTest {
    private static final int KEYS = 200_000;
    private static final String TOPIC = "resume";
    private static final String SOURCE = "resume-source";

    @Test
    void stoppedSnapshotResumesFromCommittedCursor() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "resume", KEYS);
            cluster.createTopic(TOPIC, 4);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, TOPIC, 4);
            // Small SCAN steps make the snapshot take long enough to be stopped part way.
            sourceConfig.put("redis.scan.count", "50");
            cluster.deploy(SOURCE, sourceConfig);
            cluster.deploy("resume-sink", ConnectCluster.sinkConfig(target, TOPIC));

            Await.until("part of the snapshot to be produced", Duration.ofSeconds(60),
                    () -> cluster.recordCount(TOPIC) >= KEYS / 20);
            cluster.connect().stopConnector(SOURCE);
            Await.until("the source to stop", Duration.ofSeconds(30),
                    () -> "STOPPED".equals(cluster.status(SOURCE).connector().state()));
            long producedBeforeStop = cluster.recordCount(TOPIC);
            Map<String, ?> committed = committedOffset();
            assertTrue(producedBeforeStop < KEYS, "the snapshot was stopped before its end: " + producedBeforeStop);
            assertEquals("snapshot", committed.get("phase"), "offset committed mid-snapshot: " + committed);
            assertNotEquals("0", committed.get("cursor"), "the committed cursor is past the start: " + committed);

            cluster.connect().resumeConnector(SOURCE);
            ComparisonReport report = Keyspaces.awaitEqual(source, target, Duration.ofSeconds(180));
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertEquals(KEYS, report.sourceKeys());

            Await.until("the completed snapshot to commit its offset", Duration.ofSeconds(30),
                    () -> "done".equals(committedOffset().get("phase")), () -> committedOffset().toString());
            long produced = cluster.recordCount(TOPIC);
            // Starting over would have produced every key again after the stop.
            assertTrue(produced < KEYS + producedBeforeStop / 2, "records produced in all: " + produced
                    + ", before the stop: " + producedBeforeStop + "; a restart from the first key gives "
                    + (KEYS + producedBeforeStop));
            cluster.delete(SOURCE);
            cluster.delete("resume-sink");
        }
    }

    private static Map<String, ?> committedOffset() {
        List<ConnectorOffset> offsets = cluster.connect().connectorOffsets(SOURCE).offsets();
        assertEquals(1, offsets.size(), "one source partition: " + offsets);
        return offsets.get(0).offset();
    }
}
