package io.keyferry.source.offset;

import io.keyferry.common.record.SlotSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks of the fields of stored partitions and offsets shared by both. */
final class OffsetFields {
    private OffsetFields() {
    }

    static void requireOnly(Map<String, ?> map, Set<String> keys, String what) {
        Set<String> unknown = new TreeSet<>(map.keySet());
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " has only the keys " + new TreeSet<>(keys) + ", not "
                    + unknown);
        }
    }

    static SlotSet slots(Object value, String key) {
        try {
            SlotSet slots = SlotSet.parse(value.toString());
            if (slots.isEmpty()) {
                throw new IllegalArgumentException("no slot");
            }
            return slots;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + key + "\" must be slots and slot ranges such as 0-5460,10923 ("
                    + e.getMessage() + "), not " + value, e);
        }
    }
}
