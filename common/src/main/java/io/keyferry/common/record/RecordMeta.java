package io.keyferry.common.record;

/**
 * The metadata of a record (docs/record-format.md, "Headers"), whichever way its headers carry it
 * ({@link HeaderFormat}): written by the source from what it read, read back by the sink in one pass over the
 * record's headers ({@link RecordHeaders#read}).
 *
 * @param operation  what happened to the key; null when the record does not say
 * @param type       what TYPE answered; null on tombstones, or when the record does not say
 * @param database   the database the key was read from; -1 when the record does not say
 * @param slot       the key's hash slot; -1 when the record does not say
 * @param expireAt   absolute expiry in Unix ms; -1 for a persistent key (or a record that carries none)
 * @param rdbVersion the RDB version of the DUMP payload read; -1 when there is none
 * @param eventTime  when the state was read, Unix ms; -1 when the headers do not say (the record's timestamp does)
 * @param chunk      where a part of a big key stands in its copy; null for a record that carries a whole key
 */
public record RecordMeta(Operation operation, String type, int database, int slot, long expireAt, int rdbVersion,
                         long eventTime, ChunkPosition chunk) {
    /** What a record written by no Keyferry source says: nothing. */
    public static final RecordMeta NONE = new RecordMeta(null, null, -1, -1, -1, -1, -1, null);

    /** The metadata of a whole key's state, or of its tombstone. */
    public static RecordMeta of(KeyState state, Operation operation, int slot) {
        if (!state.exists()) {
            return new RecordMeta(operation, null, state.database(), slot, -1, -1, state.readTime(), null);
        }
        long expireAt = state.persistent() ? -1 : state.expireAt();
        return new RecordMeta(operation, state.type(), state.database(), slot, expireAt,
                DumpPayload.rdbVersion(state.dump()), state.readTime(), null);
    }

    /**
     * The metadata of a part of a big key: the key's type, database and slot, its expiry on the last part only
     * (which completes the copy), and no RDB version (a part is no DUMP payload).
     */
    public static RecordMeta ofPart(KeyState state, Operation operation, int slot, ChunkPosition position) {
        long expireAt = position.last() && !state.persistent() ? state.expireAt() : -1;
        return new RecordMeta(operation, state.type(), state.database(), slot, expireAt, -1, state.readTime(),
                position);
    }

    /**
     * The fields of a record's metadata as a header form gives them, one by one, then checked into a RecordMeta.
     * A database, slot or RDB version that is no int of 0 or more counts as not given: the sink needs none of them
     * to write a record (a database map that needs the database says so); nor does it need the operation, so one
     * of a later version's is no error ({@link Operation#find}).
     */
    static final class Fields {
        Operation operation;
        String type;
        String chunkVersion;
        long database = -1;
        long slot = -1;
        long expireAt = -1;
        long rdbVersion = -1;
        long eventTime = -1;
        long chunkIndex = -1;
        long chunkCount = -1;

        /** @throws IllegalArgumentException for a part of a big key whose position does not hold together */
        RecordMeta toMeta() {
            ChunkPosition chunk = chunkVersion == null ? null
                    : ChunkPosition.read(chunkVersion, chunkIndex, chunkCount, Math.max(0, eventTime));
            return new RecordMeta(operation, type, index(database), index(slot), expireAt, index(rdbVersion),
                    eventTime, chunk);
        }

        private static int index(long value) {
            return value < 0 || value > Integer.MAX_VALUE ? -1 : (int) value;
        }
    }
}
