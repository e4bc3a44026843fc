package io.keyferry.source.offset;

import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The offsets Connect committed for a task's source partitions, read back and checked. */
public final class CommittedOffsets {
    private final OffsetStorageReader reader;

    public CommittedOffsets(OffsetStorageReader reader) {
        this.reader = reader;
    }

    /**
     * @return the committed offset of {@code partition}, or null when none was committed (first start)
     * @throws IllegalArgumentException when the stored offset is not one this connector writes
     */
    public SourceOffset of(SourcePartition partition) {
        Map<String, Object> stored = reader.offset(partition.toMap());
        if (stored == null) {
            return null;
        }
        try {
            return SourceOffset.fromMap(stored, partition);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unrecognised source offset " + stored + " of " + partition + ": "
                    + e.getMessage() + "; reset the connector's offsets (stop it, then DELETE "
                    + "/connectors/<name>/offsets) to snapshot again from the start", e);
        }
    }
}
