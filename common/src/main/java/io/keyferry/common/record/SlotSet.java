package io.keyferry.common.record;

import io.lettuce.core.cluster.SlotHash;
import java.util.BitSet;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * A set of Redis Cluster hash slots, written as ranges ({@code 0-5460,10923}): the share of a cluster a source
 * task reads, or the part of it one node holds. Immutable.
 */
public final class SlotSet {
    public static final SlotSet ALL = range(0, SlotHash.SLOT_COUNT - 1);

    private final BitSet slots;

    private SlotSet(BitSet slots) {
        this.slots = slots;
    }

    public static SlotSet range(int from, int to) {
        BitSet slots = new BitSet(SlotHash.SLOT_COUNT);
        slots.set(check(from), check(to) + 1);
        return new SlotSet(slots);
    }

    public static SlotSet of(Collection<Integer> slots) {
        BitSet set = new BitSet(SlotHash.SLOT_COUNT);
        slots.forEach(slot -> set.set(check(slot)));
        return new SlotSet(set);
    }

    /** Reads the form {@link #toString()} writes: comma-separated slots and from-to ranges. */
    public static SlotSet parse(String text) {
        BitSet set = new BitSet(SlotHash.SLOT_COUNT);
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int dash = item.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).trim());
                if (from > to) {
                    throw new IllegalArgumentException("slot range " + item + " runs backwards");
                }
                set.set(check(from), check(to) + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a slot or slot range: " + item, e);
            }
        }
        return new SlotSet(set);
    }

    private static int check(int slot) {
        if (slot < 0 || slot >= SlotHash.SLOT_COUNT) {
            throw new IllegalArgumentException("hash slots run from 0 to " + (SlotHash.SLOT_COUNT - 1) + ": " + slot);
        }
        return slot;
    }

    public boolean containsKey(byte[] key) {
        return slots.get(SlotHash.getSlot(key));
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    public int size() {
        return slots.cardinality();
    }

    public int first() {
        return slots.nextSetBit(0);
    }

    public SlotSet intersect(SlotSet other) {
        BitSet both = (BitSet) slots.clone();
        both.and(other.slots);
        return new SlotSet(both);
    }

    public SlotSet minus(SlotSet other) {
        BitSet rest = (BitSet) slots.clone();
        rest.andNot(other.slots);
        return new SlotSet(rest);
    }

    /** Calls {@code action} with each slot, in ascending order. */
    public void forEach(IntConsumer action) {
        slots.stream().forEach(action);
    }

    public SlotSet union(SlotSet other) {
        BitSet either = (BitSet) slots.clone();
        either.or(other.slots);
        return new SlotSet(either);
    }

    /** The topic partitions that records of these slots go to. */
    public Set<Integer> partitions(SlotPartitioner partitioner) {
        Set<Integer> partitions = new TreeSet<>();
        forEach(slot -> partitions.add(partitioner.partitionOfSlot(slot)));
        return partitions;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SlotSet set && slots.equals(set.slots);
    }

    @Override
    public int hashCode() {
        return Objects.hash(slots);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int from = slots.nextSetBit(0); from >= 0; from = slots.nextSetBit(from + 1)) {
            int to = slots.nextClearBit(from) - 1;
            text.append(text.isEmpty() ? "" : ",").append(from);
            if (to > from) {
                text.append('-').append(to);
            }
            from = to;
        }
        return text.toString();
    }
}
