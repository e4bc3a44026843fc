package io.keyferry.source.snapshot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnapshotOffsetTest {
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
}
