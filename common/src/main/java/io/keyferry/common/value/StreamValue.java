package io.keyferry.common.value;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A stream: its entries with their IDs, the stream's own position, and its consumer groups with the
 * position each has delivered up to. Consumers and their pending entries (PEL) are not part of it: they
 * cannot be recreated on a target without replaying deliveries (see docs/design.md).
 *
 * @param entries      the live entries, in ID order
 * @param lastId       the ID of the last entry ever added (XADD * continues after it), deleted entries included
 * @param maxDeletedId the greatest ID deleted so far, or null when the source (before Redis 7.0) does not keep it
 * @param entriesAdded how many entries were ever added, or null when the source does not keep it
 * @param groups       the consumer groups
 */
public record StreamValue(List<Entry> entries, StreamId lastId, StreamId maxDeletedId, Long entriesAdded,
                          List<Group> groups) implements RedisValue {
    public StreamValue {
        entries = List.copyOf(entries);
        Objects.requireNonNull(lastId, "lastId");
        groups = List.copyOf(groups);
    }

    /** One entry: its ID and its fields in order (a field name may repeat within an entry). */
    public record Entry(StreamId id, List<FieldValue> fields) {
        public Entry {
            Objects.requireNonNull(id, "id");
            fields = List.copyOf(fields);
        }
    }

    /**
     * A consumer group.
     *
     * @param entriesRead the group's entries-read counter (Redis 7.0+), or null when unknown
     */
    public record Group(byte[] name, StreamId lastDeliveredId, Long entriesRead) {
        public Group {
            Bytes.requireNonNull(name, "name");
            Objects.requireNonNull(lastDeliveredId, "lastDeliveredId");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Group that && Arrays.equals(name, that.name)
                    && lastDeliveredId.equals(that.lastDeliveredId) && Objects.equals(entriesRead, that.entriesRead);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(name), lastDeliveredId, entriesRead);
        }

        @Override
        public String toString() {
            return "Group[" + Bytes.text(name) + " at " + lastDeliveredId + ", read " + entriesRead + "]";
        }
    }

    @Override
    public String type() {
        return "stream";
    }

    @Override
    public int size() {
        return entries.size();
    }
}
