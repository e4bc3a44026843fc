package io.keyferry.source.snapshot;

import java.util.Objects;

/**
 * How far the snapshot of one source partition got: the SCAN cursor to continue from, or done. Stored in
 * the Connect source offset ({@link io.keyferry.source.offset.SourceOffset}), so a restarted task resumes the
 * scan instead of starting over. SCAN's guarantee (every key present for the whole scan is returned at least once)
 * holds across such a resume, but only on the server process that issued the cursor: a restarted or failed-over server
 * hashes keys with another seed, so its buckets are in another order. The cursor therefore carries the run id of its
 * process ({@code server}), and a cursor of another process is not followed.
 *
 * @param server the run id of the process the cursor belongs to; null for the first cursor (valid anywhere),
 *               when done, or when the server does not say (INFO refused)
 */
public record SnapshotOffset(String cursor, boolean done, String server) {
    public static final SnapshotOffset START = new SnapshotOffset("0", false, null);
    public static final SnapshotOffset COMPLETE = new SnapshotOffset("0", true, null);

    public static SnapshotOffset at(String cursor, String server) {
        return new SnapshotOffset(cursor, false, server);
    }

    /** Whether this cursor may be followed on the process {@code server} (null: the server does not say). */
    public boolean validOn(String server) {
        return done || START.cursor().equals(cursor) || Objects.equals(this.server, server);
    }
}
