package io.keyferry.source.offset;

import io.keyferry.common.record.SlotSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The source partition a lane's offsets are stored under. A standalone server's lane is one database,
 * {@code {"database": 0}}, plus {@code "slots"} when its task reads a share of the slots (another share is
 * another position); a cluster lane is the task's slots on one primary, {@code {"slots": "0-5460", "node": id}}.
 *
 * @param database the database of a standalone server; null for a cluster lane
 * @param slots    the task's slots; null for a standalone task reading all of them
 * @param node     the ID of the cluster primary; null for a standalone server
 */
public record SourcePartition(Integer database, SlotSet slots, String node) {
    static final String DATABASE = "database";
    static final String SLOTS = "slots";
    static final String NODE = "node";
    private static final Set<String> KEYS = Set.of(DATABASE, SLOTS, NODE);
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{40}");

    public static SourcePartition ofDatabase(int database, SlotSet slots) {
        return new SourcePartition(database, slots.equals(SlotSet.ALL) ? null : slots, null);
    }

    public static SourcePartition ofClusterNode(SlotSet taskSlots, String nodeId) {
        return new SourcePartition(null, taskSlots, nodeId);
    }

    public boolean clusterNode() {
        return node != null;
    }

    /**
     * A HashMap, not Map.of: Connect stores a partition as its JSON, written in the map's iteration order, and
     * looks a partition up (on restart, or for the REST API after reading it back into a HashMap) by that JSON.
     * Map.of's order changes from one JVM to the next; a HashMap's with the same keys does not.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        if (database != null) {
            map.put(DATABASE, database);
        }
        if (slots != null) {
            map.put(SLOTS, slots.toString());
        }
        if (node != null) {
            map.put(NODE, node);
        }
        return map;
    }

    /**
     * Reads a partition as Connect gives it back (numbers as Long) or as a user writes it for
     * {@code PATCH /connectors/<name>/offsets}.
     *
     * @throws IllegalArgumentException saying what is wrong, when it is not a partition this connector writes
     */
    public static SourcePartition fromMap(Map<String, ?> map) {
        OffsetFields.requireOnly(map, KEYS, "source partition");
        Object node = map.get(NODE);
        SlotSet slots = map.get(SLOTS) == null ? null : OffsetFields.slots(map.get(SLOTS), SLOTS);
        if (node != null) {
            if (map.containsKey(DATABASE)) {
                throw new IllegalArgumentException("a cluster partition (with \"node\") has no \"database\"");
            }
            if (!NODE_ID.matcher(node.toString()).matches()) {
                throw new IllegalArgumentException("\"node\" must be a cluster node ID (40 hex digits), not " + node);
            }
            if (slots == null) {
                throw new IllegalArgumentException(
                        "a cluster partition names the task's \"slots\" beside its \"node\"");
            }
            return ofClusterNode(slots, node.toString());
        }
        Object database = map.get(DATABASE);
        if (!(database instanceof Number number) || number.longValue() != number.doubleValue()
                || number.longValue() < 0 || number.longValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"database\" must be a database number (0, 1, ...), not " + database);
        }
        if (SlotSet.ALL.equals(slots)) {
            throw new IllegalArgumentException("\"slots\" " + slots + " are all the slots: a task reading them all "
                    + "has no \"slots\" in its partition");
        }
        return new SourcePartition(number.intValue(), slots, null);
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
