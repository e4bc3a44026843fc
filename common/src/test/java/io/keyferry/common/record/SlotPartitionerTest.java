package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlotPartitionerTest {
    private static final int SLOTS = 16384;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void slotIsTheCrc16OfTheKey() {
        assertEquals(12182, SlotPartitioner.slot(bytes("foo")));
        assertEquals(5061, SlotPartitioner.slot(bytes("bar")));
    }

    @Test
    void keysWithTheSameHashTagShareASlot() {
        int following = SlotPartitioner.slot(bytes("{user1000}.following"));
        assertEquals(following, SlotPartitioner.slot(bytes("{user1000}.followers")));
        assertEquals(SlotPartitioner.slot(bytes("user1000")), following);
        assertNotEquals(SlotPartitioner.slot(bytes("user1000.following")),
                SlotPartitioner.slot(bytes("user1000.followers")));
    }

    @Test
    void threePartitionsCoverContiguousSlotRanges() {
        SlotPartitioner partitioner = new SlotPartitioner(3);
        assertEquals(0, partitioner.partitionOfSlot(0));
        assertEquals(0, partitioner.partitionOfSlot(5461));
        assertEquals(1, partitioner.partitionOfSlot(5462));
        assertEquals(1, partitioner.partitionOfSlot(10922));
        assertEquals(2, partitioner.partitionOfSlot(10923));
        assertEquals(2, partitioner.partitionOfSlot(16383));
    }

    @Test
    void onePartitionTakesEverySlot() {
        SlotPartitioner partitioner = new SlotPartitioner(1);
        for (int slot = 0; slot < SLOTS; slot++) {
            assertEquals(0, partitioner.partitionOfSlot(slot));
        }
    }

    @Test
    void partitionsAreMonotonicAndNoneIsEmpty() {
        for (int partitions : new int[] {2, 3, 7, 10, 100, 1000, 16383, 16384}) {
            SlotPartitioner partitioner = new SlotPartitioner(partitions);
            int[] slotsPerPartition = new int[partitions];
            int previous = 0;
            for (int slot = 0; slot < SLOTS; slot++) {
                int partition = partitioner.partitionOfSlot(slot);
                assertTrue(partition >= previous, "partitions=" + partitions + " slot=" + slot);
                assertTrue(partition < partitions, "partitions=" + partitions + " slot=" + slot);
                slotsPerPartition[partition]++;
                previous = partition;
            }
            for (int partition = 0; partition < partitions; partition++) {
                assertTrue(slotsPerPartition[partition] > 0,
                        "partition " + partition + " of " + partitions + " is empty");
            }
        }
    }

    @Test
    void oneSlotPerPartitionAtTheMaximum() {
        SlotPartitioner partitioner = new SlotPartitioner(SLOTS);
        assertEquals(0, partitioner.partitionOfSlot(0));
        assertEquals(12182, partitioner.partitionOfSlot(12182));
        assertEquals(16383, partitioner.partitionOfSlot(16383));
    }

    @Test
    void partitionOfKeyGoesThroughItsSlot() {
        SlotPartitioner partitioner = new SlotPartitioner(3);
        assertEquals(2, partitioner.partition(bytes("foo")));
        assertEquals(0, partitioner.partition(bytes("bar")));
        assertEquals(partitioner.partition(bytes("{user1000}.following")),
                partitioner.partition(bytes("{user1000}.followers")));
    }

    @Test
    void rejectsPartitionCountsOutsideOneToSlotCount() {
        assertThrows(IllegalArgumentException.class, () -> new SlotPartitioner(0));
        assertThrows(IllegalArgumentException.class, () -> new SlotPartitioner(-1));
        assertThrows(IllegalArgumentException.class, () -> new SlotPartitioner(16385));
    }
}
