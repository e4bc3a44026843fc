package io.keyferry.common.value;

/**
 * A key's value as a client reads it, whatever encoding the server stored it in: one of the six core
 * Redis types. It is what a DUMP payload decodes to, what the {@code struct} record format carries, and
 * what the sink writes type by type when RESTORE cannot be used. Byte strings stay raw bytes (binary safe);
 * the records compare by content.
 */
public sealed interface RedisValue permits StringValue, HashValue, ListValue, SetValue, ZSetValue, StreamValue {
    /** The name TYPE answers for such a key: string, hash, list, set, zset or stream. */
    String type();

    /** How many elements it holds: 1 for a string, fields, elements, members, or stream entries. */
    int size();
}
