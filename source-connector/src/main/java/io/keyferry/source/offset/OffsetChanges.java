package io.keyferry.source.offset;

import io.keyferry.source.RedisSourceConnectorConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Checks the offsets a user writes with {@code PATCH /connectors/<name>/offsets} (KIP-875) before Connect
 * stores them: a partition and an offset this connector would itself write, for a database it reads. A null
 * offset (a reset of that partition) is always accepted. A change refused is refused whole.
 */
public final class OffsetChanges {
    private OffsetChanges() {
    }

    /** @throws ConnectException naming the partition and what to change, when an entry is not one the tasks read */
    public static void verify(RedisSourceConnectorConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            try {
                SourcePartition partition = SourcePartition.fromMap(entry.getKey());
                verifyDatabase(config, partition);
                if (entry.getValue() != null) {
                    SourceOffset.fromMap(entry.getValue(), partition);
                }
            } catch (IllegalArgumentException e) {
                throw new ConnectException("The offset " + entry.getValue() + " of source partition " + entry.getKey()
                        + " is not one this connector writes: " + e.getMessage()
                        + ". See docs/record-format.md (source offsets) for the partitions and offsets it writes", e);
            }
        }
    }

    private static void verifyDatabase(RedisSourceConnectorConfig config, SourcePartition partition) {
        if (partition.clusterNode() || config.allDatabases()) {
            return;
        }
        List<Integer> read = config.listedDatabases().isEmpty() ? List.of(config.endpoint().database())
                : config.listedDatabases();
        if (!read.contains(partition.database())) {
            throw new IllegalArgumentException("the connector reads database" + (read.size() > 1 ? "s " : " ")
                    + read + ", not " + partition.database());
        }
    }
}
