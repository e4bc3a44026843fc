package io.keyferry.common.record;

import io.keyferry.common.config.CodedEnum;
import java.util.Locale;

/** What a record says happened to its key; carried, as its code, in the {@code redis.op} header. */
public enum Operation implements CodedEnum {
    /** The key's state as read by the snapshot scan. */
    SNAPSHOT,
    /** The key's state as read after a change notification. */
    CHANGE,
    /** The key no longer exists (deleted, expired, evicted, renamed away): the record is a tombstone. */
    DELETE,
    /**
     * A part of a key too big for one record, before its last part (which carries the snapshot or change
     * operation under the key itself): see {@link ChunkPosition}.
     */
    CHUNK;

    /** Every record carries one: computed once, not lower-cased per record. */
    private final String code = name().toLowerCase(Locale.ROOT);

    @Override
    public String code() {
        return code;
    }

    private static final Operation[] ALL = values();

    /**
     * The operation of this code, or null for a code this version does not know (a later version's): read from
     * every record's headers by the sink, which needs no operation to write a record, so a loop and no stream.
     */
    public static Operation find(String code) {
        for (Operation operation : ALL) {
            if (operation.code.equals(code)) {
                return operation;
            }
        }
        return null;
    }
}
