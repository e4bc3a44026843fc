package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotSetTest {
    @Test
    void rangesAreWrittenAndReadBack() {
        SlotSet set = SlotSet.of(List.of(0, 1, 2, 7, 100, 101));
        assertEquals("0-2,7,100-101", set.toString());
        assertEquals(set, SlotSet.parse("0-2, 7,100-101"));
        assertEquals("0-16383", SlotSet.ALL.toString());
        assertEquals(6, set.size());
    }

    @Test
    void setOperations() {
        SlotSet a = SlotSet.parse("0-99");
        SlotSet b = SlotSet.parse("50-149");
        assertEquals("50-99", a.intersect(b).toString());
        assertEquals("0-149", a.union(b).toString());
        assertTrue(a.intersect(SlotSet.parse("200")).isEmpty());
        assertEquals(50, b.first());
    }

    @Test
    void keysAreMatchedByTheirHashSlot() {
        byte[] key = "user:{42}:name".getBytes(StandardCharsets.UTF_8);
        int slot = SlotHash.getSlot(key);
        assertTrue(SlotSet.range(slot, slot).containsKey(key));
        assertFalse(SlotSet.ALL.intersect(SlotSet.parse("0")).containsKey(key) && slot != 0);
    }

    @Test
    void partitionsFollowTheSlotPartitioner() {
        assertEquals(Set.of(0, 1), SlotSet.parse("0-8191").partitions(new SlotPartitioner(4)));
        assertEquals(Set.of(2, 3), SlotSet.parse("8192,16383").partitions(new SlotPartitioner(4)));
    }

    @Test
    void badTextIsRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> SlotSet.parse("16384"));
        assertThrows(IllegalArgumentException.class, () -> SlotSet.parse("9-3"));
        assertThrows(IllegalArgumentException.class, () -> SlotSet.parse("a-b"));
    }
}
