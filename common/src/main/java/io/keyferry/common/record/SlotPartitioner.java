package io.keyferry.common.record;

import io.lettuce.core.cluster.SlotHash;

/**
 * Maps a key to its Kafka partition through its Redis hash slot, by contiguous slot ranges:
 * {@code partition = slot * partitions / 16384}. The same key always lands in the same partition, so its
 * records keep their order, and each partition covers one slot range, so a sink task writes to few
 * cluster nodes.
 */
public final class SlotPartitioner {
    private final int partitions;

    public SlotPartitioner(int partitions) {
        if (partitions < 1 || partitions > SlotHash.SLOT_COUNT) {
            throw new IllegalArgumentException("partitions must be between 1 and " + SlotHash.SLOT_COUNT + ": "
                    + partitions);
        }
        this.partitions = partitions;
    }

    /** The key's hash slot (CRC16 of the key, or of its {hash tag}). */
    public static int slot(byte[] key) {
        return SlotHash.getSlot(key);
    }

    public int partitionOfSlot(int slot) {
        return (int) ((long) slot * partitions / SlotHash.SLOT_COUNT);
    }

    public int partition(byte[] key) {
        return partitionOfSlot(slot(key));
    }
}
