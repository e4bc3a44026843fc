package io.keyferry.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyferry.source.offset.SourceOffset;
import io.keyferry.source.offset.SourcePartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One committed offset of the source, read with the source connector's own offset types. */
record CommittedOffset(SourcePartition partition, SourceOffset offset) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param offsets the source's offsets, as {@code GET /connectors/{name}/offsets} gives them */
    @SuppressWarnings("unchecked")
    static List<CommittedOffset> of(JsonNode offsets) {
        List<CommittedOffset> read = new ArrayList<>();
        for (JsonNode entry : offsets.path("offsets")) {
            SourcePartition partition = SourcePartition.fromMap(JSON.convertValue(entry.path("partition"), Map.class));
            read.add(new CommittedOffset(partition,
                    SourceOffset.fromMap(JSON.convertValue(entry.path("offset"), Map.class), partition)));
        }
        return read;
    }
}
