package io.keyferry.source.snapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How far the snapshot of one source partition got: the SCAN cursor to continue from, or done. Stored as
 * the Connect source offset, so a restarted task resumes the scan instead of starting over. SCAN's
 * guarantee (every key present for the whole scan is returned at least once) holds across such a resume,
 * but only on the server process that issued the cursor: a restarted or failed-over server hashes keys with
 * another seed, so its buckets are in another order. The cursor therefore carries the run id of its process
 * ({@code server}), and a cursor of another process is not followed.
 *
 * @param server the run id of the process the cursor belongs to; null for the first cursor (valid anywhere),
 *               when done, or when the server does not say (INFO refused)
 */
public record SnapshotOffset(String cursor, boolean done, String server) {
    static final String PHASE = "phase";
    static final String CURSOR = "cursor";
    static final String SERVER = "server";
    static final String SNAPSHOT = "snapshot";
    static final String DONE = "done";

    public static final SnapshotOffset START = new SnapshotOffset("0", false, null);
    public static final SnapshotOffset COMPLETE = new SnapshotOffset("0", true, null);

    public static SnapshotOffset at(String cursor, String server) {
        return new SnapshotOffset(cursor, false, server);
    }

    /** Whether this cursor may be followed on the process {@code server} (null: the server does not say). */
    public boolean validOn(String server) {
        return done || START.cursor().equals(cursor) || Objects.equals(this.server, server);
    }

    public Map<String, Object> toMap() {
        if (done) {
            return Map.of(PHASE, DONE);
        }
        Map<String, Object> map = new HashMap<>(Map.of(PHASE, SNAPSHOT, CURSOR, cursor));
        if (server != null) {
            map.put(SERVER, server);
        }
        return map;
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
            Object server = stored.get(SERVER);
            return at(stored.get(CURSOR).toString(), server == null ? null : server.toString());
        }
        throw new IllegalArgumentException("unrecognised source offset " + stored
                + "; reset the connector's offsets (DELETE /connectors/<name>/offsets) to snapshot again from the start");
    }
}
