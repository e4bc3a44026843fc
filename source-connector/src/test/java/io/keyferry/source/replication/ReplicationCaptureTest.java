package io.keyferry.source.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.fake.FakeLanes;
import io.keyferry.source.fake.InMemoryServer;
import io.keyferry.source.offset.ReplicationPosition;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.topology.SourceLane;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The places records of the stream carry, over a lane of an in-memory server and events the test hands it. */
class ReplicationCaptureTest {
    private final InMemoryServer server = new InMemoryServer(FakeLanes.BATCH).set("a", "1").set("b", "2");
    private final SourceLane lane = FakeLanes.lane("test", server, SourcePartition.ofDatabase(0, SlotSet.ALL), null,
            SnapshotOffset.COMPLETE, FakeLanes.NO_COUNTERS, () -> { });
    private final Deque<List<StreamEvent>> batches = new ArrayDeque<>();
    private final ReplicationCapture capture = new ReplicationCapture(new ReplicationCapture.StreamSource() {
        @Override
        public List<StreamEvent> take(int max) {
            return batches.isEmpty() ? List.of() : batches.poll();
        }

        @Override
        public void close() {
        }
    }, "test", 0, KeySelection.all(), null, true, -1, false, new ReplicationCapture.Counters() {
        @Override
        public void fullSync() {
        }

        @Override
        public void partialResync() {
        }

        @Override
        public void commands(long count) {
        }
    });

    private static ReplicationPosition at(long offset) {
        return new ReplicationPosition("id", offset, 0);
    }

    /** The keys the lane's node no longer holds, and those handed to the lane that holds them now. */
    private final List<String> movedAway = new ArrayList<>();
    private final List<String> handedOn = new ArrayList<>();
    private final ReplicationCapture.KeyRoute route = new ReplicationCapture.KeyRoute() {
        @Override
        public boolean readsHere(byte[] key) {
            return !movedAway.contains(new String(key, StandardCharsets.UTF_8));
        }

        @Override
        public void elsewhere(byte[] key) {
            handedOn.add(new String(key, StandardCharsets.UTF_8));
        }
    };

    private static StreamEvent wrote(String key, long after) {
        return new StreamEvent.Command(new CommandKeys.Wrote(List.of(
                new CommandKeys.DbKey(0, InMemoryServer.bytes(key)))), at(after));
    }

    private List<Object> places(boolean catchingUp, StreamEvent... events) throws InterruptedException {
        batches.add(List.of(events));
        List<SourceRecord> records = new ArrayList<>();
        capture.step(lane, records, catchingUp, route);
        return records.stream().map(record -> (Object) record.sourceOffset().get("repl_offset")).toList();
    }

    @Test
    void theRdbIsNotResumableAndItsLastKeyCarriesThePlaceAfterIt() throws InterruptedException {
        KeyState a = new KeyState(InMemoryServer.bytes("a"), "string", KeyState.PERSISTENT,
                InMemoryServer.bytes("payload"), 0, 0);
        List<SourceRecord> records = new ArrayList<>();
        batches.add(List.of(new StreamEvent.FullSync(), new StreamEvent.RdbKey(a),
                new StreamEvent.Streaming(at(100), false)));
        capture.step(lane, records, false, route);
        assertEquals(2, records.size(), "the RDB key, and that key read again to carry the place after the RDB");
        assertEquals("snapshot", records.get(0).sourceOffset().get("phase"));
        assertNull(records.get(0).sourceOffset().get("repl_offset"), "a restart amid the RDB syncs in full");
        assertEquals(100L, records.get(1).sourceOffset().get("repl_offset"));
        assertEquals("done", records.get(1).sourceOffset().get("phase"));
    }

    @Test
    void aBatchCarriesThePlaceBeforeItButOnItsLastRecord() throws InterruptedException {
        places(false, new StreamEvent.Streaming(at(10), true));
        assertEquals(List.of(10L, 30L), places(false, wrote("a", 20), wrote("b", 30)));
    }

    @Test
    void aResyncHoldsThePlaceBeforeTheFlushUntilItIsDone() throws InterruptedException {
        places(false, new StreamEvent.Streaming(at(10), true));
        batches.add(List.of(wrote("a", 20), new StreamEvent.Command(
                new CommandKeys.Replaced(List.of(0), "FLUSHDB"), at(30))));
        List<SourceRecord> records = new ArrayList<>();
        ReplicationCapture.Notice notice = capture.step(lane, records, false, route);
        assertEquals(true, notice.rescan());
        assertEquals(List.of(10L), records.stream().map(r -> (Object) r.sourceOffset().get("repl_offset")).toList());
        assertEquals(List.of(10L, 10L), places(true, wrote("a", 40), wrote("b", 50)),
                "while the resync runs, a restart must come back to before the FLUSHDB");
        assertEquals(List.of(50L, 60L), places(false, wrote("a", 55), wrote("b", 60)),
                "once it is done, the places go on");
    }

    @Test
    void aKeyWhoseSlotMovedIsHandedOnAndThePlaceWaitsForIt() throws InterruptedException {
        places(false, new StreamEvent.Streaming(at(10), true));
        movedAway.add("b");
        assertEquals(List.of(10L), places(false, wrote("a", 20), wrote("b", 30)),
                "a restart must come back to before the write of the key read elsewhere");
        assertEquals(List.of("b"), handedOn);
        assertEquals(List.of(10L), places(true, wrote("a", 40)), "the change queue still holds it");
        assertEquals(List.of(50L), places(false, wrote("a", 50)), "once it is read, the places go on");
    }
}
