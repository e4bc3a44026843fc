package io.keyferry.source.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.fake.FakeLanes;
import io.keyferry.source.fake.InMemoryServer;
import io.keyferry.source.offset.ReplicationPosition;
import io.keyferry.source.offset.SourceOffset;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The lanes of a task over a cluster whose topology the test changes: restarts, failovers, reshardings. */
class ClusterLayoutTest {
    private static final RedisEndpoint SEED = new RedisEndpoint(RedisURI.create("redis://127.0.0.1:7000"),
            Duration.ofSeconds(1));
    /** The task's slots: those of node-0 and node-1 in the first topology. */
    private static final SlotSet TASK = SlotSet.range(0, 10921);
    private static final String NODE_0 = "redis://127.0.0.1:7000/0";
    private static final String NODE_1 = "redis://127.0.0.1:7001/0";
    private static final String NODE_2 = "redis://127.0.0.1:7002/0";

    private final Map<String, InMemoryServer> servers = new HashMap<>();
    private final Map<String, SlotSet> heldAtOpen = new HashMap<>();
    private final Map<String, SnapshotOffset> startedAt = new HashMap<>();
    private final List<String> closed = new ArrayList<>();
    private ClusterTopology now = TestTopologies.primaries("0-5460", "5461-10921", "10922-16383");
    private int looks;

    private ClusterLayout open(Function<SourcePartition, SourceOffset> committed) {
        return ClusterLayout.open(() -> {
            looks++;
            return now;
        }, SEED, TASK, this::lane, ReadFrom.PRIMARY, committed, SnapshotOffset.START);
    }

    private SourceLane lane(RedisEndpoint node, SlotSet held, SnapshotOffset start, SourcePartition partition,
                            boolean replica, ReplicationPosition stream, boolean restarted) {
        String name = node.describe();
        InMemoryServer server = servers.computeIfAbsent(name, n -> new InMemoryServer(FakeLanes.BATCH)
                .set("a", "1").set("b", "2").set("c", "3").set("d", "4").set("e", "5"));
        heldAtOpen.put(name, held);
        startedAt.put(name, start);
        return FakeLanes.lane(name, server, partition, held, start, FakeLanes.NO_COUNTERS, () -> closed.add(name));
    }

    private static SourceLane laneOf(ClusterLayout layout, String name) {
        return layout.lanes().stream().filter(lane -> lane.name().equals(name)).findFirst().orElseThrow();
    }

    /** The cursor the lane's next scan batch starts from. */
    private static Object nextScanFrom(SourceLane lane) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        lane.scan(records);
        return records.get(0).sourceOffset().get("cursor");
    }

    /** Follows the topology now: a redirect asks for a look at once, but not within 100 ms of the last one. */
    private boolean followNow(ClusterLayout layout) {
        int before = looks;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean newLane = false;
        while (looks == before && System.nanoTime() < deadline) {
            layout.redirected();
            newLane = layout.follow();
        }
        assertTrue(looks > before, "the layout looked at the topology after a redirect");
        return newLane;
    }

    private static byte[] keyIn(SlotSet slots) {
        for (int i = 0; ; i++) {
            byte[] key = InMemoryServer.bytes("key-" + i);
            if (slots.containsKey(key)) {
                return key;
            }
        }
    }

    @Test
    void aRestartResumesEveryLaneWhenEachNodeStillHoldsTheSlotsItHeld() {
        Map<SourcePartition, SourceOffset> committed = Map.of(
                SourcePartition.ofClusterNode(TASK, "node-0"),
                new SourceOffset(SnapshotOffset.at("4", "run-1"), SlotSet.range(0, 5460)),
                SourcePartition.ofClusterNode(TASK, "node-1"),
                new SourceOffset(SnapshotOffset.at("2", "run-1"), SlotSet.range(5461, 10921)));
        try (ClusterLayout layout = open(committed::get)) {
            assertTrue(layout.restarted());
            assertEquals(SnapshotOffset.at("4", "run-1"), startedAt.get(NODE_0));
            assertEquals(SnapshotOffset.at("2", "run-1"), startedAt.get(NODE_1));
            assertEquals(2, layout.lanes().size(), "node-2 holds none of the task's slots");
        }
    }

    @Test
    void aRestartAfterSlotsMovedScansEveryLaneFromTheStart() {
        Map<SourcePartition, SourceOffset> committed = Map.of(
                SourcePartition.ofClusterNode(TASK, "node-0"),
                new SourceOffset(SnapshotOffset.at("4", "run-1"), SlotSet.range(0, 5460)),
                SourcePartition.ofClusterNode(TASK, "node-1"),
                new SourceOffset(SnapshotOffset.at("2", "run-1"), SlotSet.range(5461, 9000)));
        try (ClusterLayout layout = open(committed::get)) {
            assertTrue(layout.restarted());
            assertEquals(SnapshotOffset.START, startedAt.get(NODE_0), "keys may have moved past its cursor");
            assertEquals(SnapshotOffset.START, startedAt.get(NODE_1));
        }
        try (ClusterLayout first = open(partition -> null)) {
            assertFalse(first.restarted());
        }
    }

    @Test
    void theLanesFollowAReshardingAndLetANodeWithoutSlotsGo() throws InterruptedException {
        try (ClusterLayout layout = open(partition -> null)) {
            int looksAtOpen = looks;
            assertFalse(layout.follow(), "no look within a second of the last, without a redirect");
            assertEquals(looksAtOpen, looks);
            assertEquals(SlotSet.range(0, 5460), heldAtOpen.get(NODE_0));
            assertEquals("0", nextScanFrom(laneOf(layout, NODE_0)));
            assertEquals("0", nextScanFrom(laneOf(layout, NODE_1)));

            // 5461-8000 move from node-1 to node-2: node-2 gets a lane, node-1 goes on with what is left.
            now = TestTopologies.primaries("0-5460", "8001-10921", "5461-8000,10922-16383");
            assertTrue(followNow(layout), "a new lane: the changes it had until now were missed");
            assertEquals(SlotSet.range(5461, 8000), heldAtOpen.get(NODE_2));
            assertEquals(SnapshotOffset.START, startedAt.get(NODE_2));
            assertEquals(SlotSet.range(8001, 10921), servers.get(NODE_1).restrictedTo());
            assertEquals("2", nextScanFrom(laneOf(layout, NODE_1)), "a node that only lost slots goes on");

            // node-1's slots move to node-0: node-0 scans again from the start, node-1 is let go.
            now = TestTopologies.primaries("0-5460,8001-10921", "", "5461-8000,10922-16383");
            assertFalse(followNow(layout), "no new lane");
            assertEquals(List.of(NODE_1), closed);
            assertEquals(2, layout.lanes().size());
            assertEquals(SlotSet.parse("0-5460,8001-10921"), servers.get(NODE_0).restrictedTo());
            assertEquals("0", nextScanFrom(laneOf(layout, NODE_0)), "keys that moved to it may lie behind its cursor");
            assertEquals(laneOf(layout, NODE_0), layout.laneOf(keyIn(SlotSet.range(8001, 10921))));
        }
        assertEquals(3, closed.size(), "closing the layout closes every lane");
    }
}
