package io.keyferry.common.value;

import com.moilioncircle.redis.replicator.rdb.datatype.Stream;
import java.util.ArrayList;
import java.util.List;

/** The parser's stream model to ours: live entries only, positions, and groups without consumers or PEL. */
final class StreamConversion {
    private StreamConversion() {
    }

    static StreamValue of(Stream stream) {
        List<StreamValue.Entry> entries = new ArrayList<>();
        for (Stream.Entry entry : stream.getEntries().values()) {
            // A listpack keeps deleted entries, flagged, until it is rewritten; they are not part of the stream.
            if (entry.isDeleted()) {
                continue;
            }
            List<FieldValue> fields = new ArrayList<>(entry.getFields().size());
            entry.getFields().forEach((field, value) -> fields.add(new FieldValue(field, value)));
            entries.add(new StreamValue.Entry(id(entry.getId()), fields));
        }
        List<StreamValue.Group> groups = new ArrayList<>();
        for (Stream.Group group : stream.getGroups()) {
            groups.add(new StreamValue.Group(group.getName(), id(group.getLastId()), group.getEntriesRead()));
        }
        return new StreamValue(entries, id(stream.getLastId()),
                stream.getMaxDeletedEntryId() == null ? null : id(stream.getMaxDeletedEntryId()),
                stream.getEntriesAdded(), groups);
    }

    private static StreamId id(Stream.ID id) {
        return new StreamId(id.getMs(), id.getSeq());
    }
}
