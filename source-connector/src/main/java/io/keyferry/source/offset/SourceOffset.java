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
 * the record was read ({@code "held"}), so that a restart resumes a scan only where no slot moved.
 *
 * @param held the slots of the task the node held; null for a standalone server
 */
public record SourceOffset(SnapshotOffset position, SlotSet held) {
    static final String PHASE = "phase";
    static final String CURSOR = "cursor";
    static final String SERVER = "server";
    static final String HELD = "held";
    static final String SNAPSHOT = "snapshot";
    static final String DONE = "done";
    private static final Set<String> KEYS = Set.of(PHASE, CURSOR, SERVER, HELD);
    /** SCAN cursors are unsigned 64-bit numbers. */
    private static final Pattern CURSOR_TEXT = Pattern.compile("[0-9]{1,20}");

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
        Object phase = map.get(PHASE);
        if (DONE.equals(phase)) {
            if (map.containsKey(CURSOR) || map.containsKey(SERVER)) {
                throw new IllegalArgumentException("a \"done\" offset has no \"cursor\" or \"server\"");
            }
            return new SourceOffset(SnapshotOffset.COMPLETE, held);
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
        return new SourceOffset(SnapshotOffset.at(cursor.toString(), server == null ? null : server.toString()), held);
    }
}
