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
    void cursorRoundTrips() {
        SnapshotOffset offset = SnapshotOffset.at("1234567890123");
        Map<String, Object> stored = offset.toMap();
        assertEquals(Map.of("phase", "snapshot", "cursor", "1234567890123"), stored);
        assertEquals(offset, SnapshotOffset.fromMap(stored));
        assertFalse(SnapshotOffset.fromMap(stored).done());
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
        assertEquals(SnapshotOffset.at("42"), SnapshotOffset.fromMap(stored));
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
