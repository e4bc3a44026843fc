package io.keyferry.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotOffsetTest {
    @Test
    void cursorRoundTripsWithItsServer() {
        SnapshotOffset offset = SnapshotOffset.at("1234567890123", "5f1c0e");
        Map<String, Object> stored = offset.toMap();
        assertEquals(Map.of("phase", "snapshot", "cursor", "1234567890123", "server", "5f1c0e"), stored);
        assertEquals(offset, SnapshotOffset.fromMap(stored));
        assertFalse(SnapshotOffset.fromMap(stored).done());
    }

    @Test
    void cursorOfAServerThatDoesNotSayRoundTrips() {
        SnapshotOffset offset = SnapshotOffset.at("77", null);
        assertEquals(Map.of("phase", "snapshot", "cursor", "77"), offset.toMap());
        assertEquals(offset, SnapshotOffset.fromMap(offset.toMap()));
    }

    @Test
    void aCursorIsValidOnlyOnTheProcessThatIssuedIt() {
        SnapshotOffset offset = SnapshotOffset.at("77", "run-a");
        assertTrue(offset.validOn("run-a"));
        assertFalse(offset.validOn("run-b"), "a restarted or failed-over server orders its keys otherwise");
        assertFalse(offset.validOn(null));
        assertFalse(SnapshotOffset.at("77", null).validOn("run-a"), "a cursor stored without its server");
        assertTrue(SnapshotOffset.at("77", null).validOn(null), "a server that refuses INFO cannot be checked");
        assertTrue(SnapshotOffset.START.validOn("run-b"), "the first cursor is valid anywhere");
        assertTrue(SnapshotOffset.COMPLETE.validOn("run-b"));
    }

    @Test
    void doneRoundTrips() {
        Map<String, Object> stored = SnapshotOffset.COMPLETE.toMap();
        assertEquals(Map.of("phase", "done"), stored);
        SnapshotOffset read = SnapshotOffset.fromMap(stored);
        assertEquals(SnapshotOffset.COMPLETE, read);
        assertTrue(read.done());
    }

    @Test
    void startRoundTrips() {
        assertEquals(SnapshotOffset.START, SnapshotOffset.fromMap(SnapshotOffset.START.toMap()));
    }

    @Test
    void nothingStoredMeansStart() {
        assertEquals(SnapshotOffset.START, SnapshotOffset.fromMap(null));
        assertEquals(SnapshotOffset.START, SnapshotOffset.fromMap(Map.of()));
        assertEquals("0", SnapshotOffset.START.cursor());
        assertFalse(SnapshotOffset.START.done());
    }

    @Test
    void cursorStoredAsNumberIsReadAsText() {
        Map<String, Object> stored = new HashMap<>();
        stored.put("phase", "snapshot");
        stored.put("cursor", 42L);
        assertEquals(SnapshotOffset.at("42", null), SnapshotOffset.fromMap(stored));
    }

    @Test
    void unrecognisedOffsetIsRejectedWithAHint() {
        for (Map<String, Object> stored : List.<Map<String, Object>>of(Map.of("phase", "stream"), Map.of("phase", "snapshot"),
                Map.of("cursor", "5"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnapshotOffset.fromMap(stored));
            assertTrue(e.getMessage().contains("reset the connector's offsets"), e.getMessage());
            assertTrue(e.getMessage().contains("/offsets"), e.getMessage());
        }
    }
}
