package io.keyferry.source.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.SlotSet;
import io.keyferry.source.snapshot.SnapshotOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceOffsetTest {
    private static final SourcePartition DATABASE_0 = SourcePartition.ofDatabase(0, SlotSet.ALL);
    private static final SourcePartition NODE = SourcePartition.ofClusterNode(SlotSet.range(0, 5460),
            "07c37dfeb235213a872192d90877d0cd55635b91");

    @Test
    void aCursorRoundTripsWithItsServer() {
        SourceOffset offset = new SourceOffset(SnapshotOffset.at("1234567890123", "5f1c0e"), null);
        Map<String, Object> stored = offset.toMap();
        assertEquals(Map.of("phase", "snapshot", "cursor", "1234567890123", "server", "5f1c0e"), stored);
        assertEquals(offset, SourceOffset.fromMap(stored, DATABASE_0));
    }

    @Test
    void aCursorOfAServerThatDoesNotSayRoundTrips() {
        SourceOffset offset = new SourceOffset(SnapshotOffset.at("77", null), null);
        assertEquals(Map.of("phase", "snapshot", "cursor", "77"), offset.toMap());
        assertEquals(offset, SourceOffset.fromMap(offset.toMap(), DATABASE_0));
    }

    @Test
    void doneAndStartRoundTrip() {
        assertEquals(Map.of("phase", "done"), new SourceOffset(SnapshotOffset.COMPLETE, null).toMap());
        SourceOffset done = SourceOffset.fromMap(Map.of("phase", "done"), DATABASE_0);
        assertTrue(done.done());
        SourceOffset start = new SourceOffset(SnapshotOffset.START, null);
        assertEquals(start, SourceOffset.fromMap(start.toMap(), DATABASE_0));
    }

    @Test
    void aClusterNodesOffsetNamesTheSlotsItHeld() {
        SourceOffset offset = new SourceOffset(SnapshotOffset.at("12", "run"), SlotSet.range(0, 100));
        assertEquals(Map.of("phase", "snapshot", "cursor", "12", "server", "run", "held", "0-100"), offset.toMap());
        assertEquals(offset, SourceOffset.fromMap(offset.toMap(), NODE));
        SourceOffset done = new SourceOffset(SnapshotOffset.COMPLETE, SlotSet.range(0, 5460));
        assertEquals(done, SourceOffset.fromMap(done.toMap(), NODE));
    }

    @Test
    void aCursorStoredAsANumberIsReadAsText() {
        Map<String, Object> stored = new HashMap<>();
        stored.put("phase", "snapshot");
        stored.put("cursor", 42L);
        assertEquals(SnapshotOffset.at("42", null), SourceOffset.fromMap(stored, DATABASE_0).position());
    }

    @Test
    void offsetsThisConnectorDoesNotWriteAreRefusedSayingWhy() {
        Map<Map<String, Object>, String> wrong = Map.of(
                Map.of("phase", "stream"), "\"phase\" must be",
                Map.of("phase", "snapshot"), "SCAN \"cursor\"",
                Map.of("phase", "snapshot", "cursor", "-5"), "SCAN \"cursor\"",
                Map.of("cursor", "5"), "\"phase\" must be",
                Map.of("phase", "done", "cursor", "5"), "no \"cursor\"",
                Map.of("phase", "done", "offset", 5), "not [offset]",
                Map.of("phase", "done", "held", "0-10"), "only offsets of cluster nodes");
        wrong.forEach((stored, reason) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SourceOffset.fromMap(stored, DATABASE_0), stored::toString);
            assertTrue(e.getMessage().contains(reason), stored + ": " + e.getMessage());
        });
        for (Map<String, Object> stored : List.<Map<String, Object>>of(Map.of("phase", "done"),
                Map.of("phase", "done", "held", "5461"), Map.of("phase", "done", "held", "many"))) {
            assertThrows(IllegalArgumentException.class, () -> SourceOffset.fromMap(stored, NODE), stored::toString);
        }
    }
}
