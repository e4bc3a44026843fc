package io.keyferry.source.snapshot;

import java.util.Map;

/**
 * How far the snapshot of one source partition got: the SCAN cursor to continue from, or done. Stored as
 * the Connect source offset, so a restarted task resumes the scan instead of starting over. SCAN's
 * guarantee (every key present for the whole scan is returned at least once) holds across such a resume.
 */
public record SnapshotOffset(String cursor, boolean done) {
    static final String PHASE = "phase";
    static final String CURSOR = "cursor";
    static final String SNAPSHOT = "snapshot";
    static final String DONE = "done";

    public static final SnapshotOffset START = new SnapshotOffset("0", false);
    public static final SnapshotOffset COMPLETE = new SnapshotOffset("0", true);

    public static SnapshotOffset at(String cursor) {
        return new SnapshotOffset(cursor, false);
    }

    public Map<String, Object> toMap() {
        return done ? Map.of(PHASE, DONE) : Map.of(PHASE, SNAPSHOT, CURSOR, cursor);
    }

    /** @param stored the offset Connect kept, or null when there is none (first start) */
    public static SnapshotOffset fromMap(Map<String, Object> stored) {
        if (stored == null || stored.isEmpty()) {
            return START;
        }
        Object phase = stored.get(PHASE);
        if (DONE.equals(phase)) {
            return COMPLETE;
        }
        if (SNAPSHOT.equals(phase) && stored.get(CURSOR) != null) {
            return at(stored.get(CURSOR).toString());
        }
        throw new IllegalArgumentException("unrecognised source offset " + stored
                + "; reset the connector's offsets (DELETE /connectors/<name>/offsets) to snapshot again from the start");
    }
}
