package io.keyferry.common.record;

/**
 * Which keys a source copies, in one place for every path a key takes (the scan, the change notifications, the
 * change reads and a resync's sweep): by name (the SCAN MATCH glob and the include/exclude expressions of
 * {@link KeyFilter}), by type (SCAN TYPE), and by hash slot (redis.key.slots, a task's share, a node's part).
 */
public final class KeySelection {
    private final String match;
    private final String include;
    private final String exclude;
    private final String type;
    private final KeyFilter names;
    private final SlotSet slots;
    private final boolean allSlots;

    /**
     * @param match   the SCAN MATCH glob, empty for any name
     * @param include the regular expression a name must match, empty for any
     * @param exclude the regular expression a name must not match, empty for none
     * @param type    the SCAN TYPE, empty for any type
     */
    public KeySelection(String match, String include, String exclude, String type, SlotSet slots) {
        this.match = match == null ? "" : match;
        this.include = include;
        this.exclude = exclude;
        this.type = type == null ? "" : type;
        this.names = new KeyFilter(match, include, exclude);
        this.slots = slots;
        this.allSlots = slots.equals(SlotSet.ALL);
    }

    /** Every key. */
    public static KeySelection all() {
        return new KeySelection("", "", "", "", SlotSet.ALL);
    }

    /** The same selection, narrowed to {@code slots}: a task's share, or the part of it a node holds. */
    public KeySelection withSlots(SlotSet slots) {
        return new KeySelection(match, include, exclude, type, slots);
    }

    /** The glob the server applies during a scan; empty for none. */
    public String match() {
        return match;
    }

    /** The type the server applies during a scan; empty for every type. */
    public String type() {
        return type;
    }

    public SlotSet slots() {
        return slots;
    }

    /** Whether a key of this name is selected: for keys of change events and of the topic, checked whole. */
    public boolean acceptsName(byte[] key) {
        return names.accepts(key) && (allSlots || slots.containsKey(key));
    }

    /** Whether the server's SCAN (which applied the glob and the type) and the rest let this key through. */
    public boolean acceptsScanned(byte[] key) {
        return names.regexAccepts(key) && (allSlots || slots.containsKey(key));
    }

    /** Whether every key a SCAN returns is selected, so that none needs checking. */
    public boolean acceptsEveryScanned() {
        return names.regexAcceptsAll() && allSlots;
    }

    /** Whether a key of this type (TYPE's answer) is selected. */
    public boolean acceptsType(String keyType) {
        return type.isEmpty() || type.equals(keyType);
    }
}
