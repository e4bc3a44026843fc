package io.keyferry.source.offset;

import io.keyferry.common.record.SlotSet;
import io.keyferry.source.snapshot.SnapshotOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The offset a record carries: how far its lane's snapshot got ({@code {"phase": "snapshot", "cursor": "…",
 * "server": run id}} or {@code {"phase": "done"}}) and, on a cluster, the slots of the task the node held when
 * the record was read ({@code "held"}), so that a restart resumes a scan only where no slot moved. A capture
 * through the replication protocol adds its place in the stream ({@code "replid"}, {@code "repl_offset"},
 * {@code "repl_db"}), from where a restarted task continues with a partial resync.
 *
 * @param held the slots of the task the node held; null for a standalone server
 * @param stream the place in the replication stream; null for a capture by notifications, or before the first
 */
public record SourceOffset(SnapshotOffset position, SlotSet held, ReplicationPosition stream) {
    static final String PHASE = "phase";
    static final String CURSOR = "cursor";
    static final String SERVER = "server";
    static final String HELD = "held";
    static final String REPL_ID = "replid";
    static final String REPL_OFFSET = "repl_offset";
    static final String REPL_DB = "repl_db";
    static final String SNAPSHOT = "snapshot";
    static final String DONE = "done";
    private static final Set<String> KEYS = Set.of(PHASE, CURSOR, SERVER, HELD, REPL_ID, REPL_OFFSET, REPL_DB);
    /** SCAN cursors are unsigned 64-bit numbers. */
    private static final Pattern CURSOR_TEXT = Pattern.compile("[0-9]{1,20}");

    public SourceOffset(SnapshotOffset position, SlotSet held) {
        this(position, held, null);
    }

    public boolean done() {
        return position.done();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        if (position.done()) {
            map.put(PHASE, DONE);
        } else {
            map.put(PHASE, SNAPSHOT);
            map.put(CURSOR, position.cursor());
            if (position.server() != null) {
                map.put(SERVER, position.server());
            }
        }
        if (held != null) {
            map.put(HELD, held.toString());
        }
        if (stream != null) {
            map.put(REPL_ID, stream.replId());
            map.put(REPL_OFFSET, stream.offset());
            map.put(REPL_DB, stream.streamDb());
        }
        return map;
    }

    /**
     * Reads an offset stored, or written by a user, for {@code partition}.
     *
     * @throws IllegalArgumentException saying what is wrong, when it is not an offset this connector writes there
     */
    public static SourceOffset fromMap(Map<String, ?> map, SourcePartition partition) {
        OffsetFields.requireOnly(map, KEYS, "source offset");
        SlotSet held = null;
        if (partition.clusterNode()) {
            if (map.get(HELD) == null) {
                throw new IllegalArgumentException("an offset of a cluster node names the slots it \"held\"");
            }
            held = OffsetFields.slots(map.get(HELD), HELD);
            if (!held.intersect(partition.slots()).equals(held)) {
                throw new IllegalArgumentException("\"held\" " + held + " must be among the task's slots "
                        + partition.slots());
            }
        } else if (map.containsKey(HELD)) {
            throw new IllegalArgumentException("only offsets of cluster nodes name the slots they \"held\"");
        }
        ReplicationPosition stream = stream(map);
        Object phase = map.get(PHASE);
        if (DONE.equals(phase)) {
            if (map.containsKey(CURSOR) || map.containsKey(SERVER)) {
                throw new IllegalArgumentException("a \"done\" offset has no \"cursor\" or \"server\"");
            }
            return new SourceOffset(SnapshotOffset.COMPLETE, held, stream);
        }
        if (!SNAPSHOT.equals(phase)) {
            throw new IllegalArgumentException("\"phase\" must be \"snapshot\" or \"done\", not " + phase);
        }
        Object cursor = map.get(CURSOR);
        if (cursor == null || !CURSOR_TEXT.matcher(cursor.toString()).matches()) {
            throw new IllegalArgumentException("a \"snapshot\" offset has a SCAN \"cursor\" (a number such as \"0\", "
                    + "the start), not " + cursor);
        }
        Object server = map.get(SERVER);
        return new SourceOffset(SnapshotOffset.at(cursor.toString(), server == null ? null : server.toString()), held,
                stream);
    }

    private static ReplicationPosition stream(Map<String, ?> map) {
        if (!map.containsKey(REPL_ID) && !map.containsKey(REPL_OFFSET) && !map.containsKey(REPL_DB)) {
            return null;
        }
        Object replId = map.get(REPL_ID);
        if (!(replId instanceof String id) || id.isBlank() || !(map.get(REPL_OFFSET) instanceof Number offset)
                || !(map.get(REPL_DB) instanceof Number db)) {
            throw new IllegalArgumentException("a place in the replication stream is a \"replid\" with a numeric "
                    + "\"repl_offset\" and \"repl_db\"");
        }
        return new ReplicationPosition(id, offset.longValue(), db.intValue());
    }
}
