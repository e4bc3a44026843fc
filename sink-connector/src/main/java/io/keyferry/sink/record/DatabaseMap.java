package io.keyferry.sink.record;

import io.keyferry.common.record.CompactHeader;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.record.RecordMeta;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/**
 * redis.database.map: which database of the target a record is written into. Empty: the database of redis.uri,
 * whatever the record's. {@code *}: the record's own database (db in its headers). {@code 0:3,1:4}: those
 * databases into the ones given, any other into its own.
 */
public final class DatabaseMap {
    private final boolean followRecords;
    private final Map<Integer, Integer> mapped;

    private DatabaseMap(boolean followRecords, Map<Integer, Integer> mapped) {
        this.followRecords = followRecords;
        this.mapped = mapped;
    }

    /** @throws IllegalArgumentException with what is wrong in {@code text} */
    public static DatabaseMap parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return new DatabaseMap(false, Map.of());
        }
        if (trimmed.equals("*")) {
            return new DatabaseMap(true, Map.of());
        }
        Map<Integer, Integer> mapped = new HashMap<>();
        for (String pair : trimmed.split(",")) {
            String[] sides = pair.split(":");
            try {
                if (sides.length != 2 || Integer.parseInt(sides[0].trim()) < 0
                        || Integer.parseInt(sides[1].trim()) < 0) {
                    throw new NumberFormatException();
                }
                mapped.put(Integer.parseInt(sides[0].trim()), Integer.parseInt(sides[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not source:target database indexes "
                        + "(write 0:3,1:4, or * for each record's own database)");
            }
        }
        return new DatabaseMap(true, Map.copyOf(mapped));
    }

    /** Whether every record goes into the database of redis.uri. */
    public boolean fixed() {
        return !followRecords;
    }

    /**
     * @param meta the record's metadata
     * @return the target database of the record
     * @throws DataException when the record does not say its database
     */
    public int targetOf(RecordMeta meta, int uriDatabase) {
        if (!followRecords) {
            return uriDatabase;
        }
        if (meta.database() < 0) {
            throw new DataException("record does not say its database (the db field of the " + CompactHeader.NAME
                    + " header, or a " + RecordHeaders.DATABASE + " header), which redis.database.map needs: it was "
                    + "not written by the Keyferry source");
        }
        return mapped.getOrDefault(meta.database(), meta.database());
    }
}
