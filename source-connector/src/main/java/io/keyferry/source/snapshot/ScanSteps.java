package io.keyferry.source.snapshot;

import io.keyferry.common.record.SlotSet;
import io.lettuce.core.ScanCursor;
import java.util.List;

/** SCAN, one step at a time, keeping the selected keys: what a {@link SnapshotReader} reads ({@link KeyScanner}). */
public interface ScanSteps {
    /**
     * The keys of one SCAN step, the cursor to continue from ("0" when the scan is complete), and the run id
     * of the server process that answered (null when INFO is refused).
     */
    record Step(List<byte[]> keys, String nextCursor, String server) {
        public boolean lastStep() {
            return ScanCursor.FINISHED.getCursor().equals(nextCursor);
        }
    }

    Step scan(String cursor) throws InterruptedException;

    /** Keeps only keys of these slots from now on: the node's share of the task changed. */
    void restrictTo(SlotSet slots);
}
