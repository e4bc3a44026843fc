package io.keyferry.common.record;

/**
 * The full state of one key as read at one moment: its type, absolute expiry and DUMP payload, read
 * together so that they belong to the same moment. A key that no longer exists has type {@code none}
 * and no payload: it becomes a tombstone. A key too big for one record exists but has no payload either
 * ({@link #oversized()}): it is copied in chunks, read part by part.
 *
 * @param key      the key, raw bytes
 * @param type     the name TYPE answered (string, hash, list, set, zset, stream, a module's type name), or {@code none}
 * @param expireAt absolute expiry in Unix milliseconds, or {@link #PERSISTENT}
 * @param dump     the DUMP payload; null when the key is gone or oversized
 * @param size     the payload's length, or for an oversized key what the server estimated (bytes)
 * @param database the database index the key was read from
 * @param readTime when the state was read, Unix milliseconds
 */
public record KeyState(byte[] key, String type, long expireAt, byte[] dump, long size, int database, long readTime) {
    public static final long PERSISTENT = -1;
    public static final String NONE = "none";

    public KeyState(byte[] key, String type, long expireAt, byte[] dump, int database, long readTime) {
        this(key, type, expireAt, dump, dump == null ? 0 : dump.length, database, readTime);
    }

    public static KeyState gone(byte[] key, int database, long readTime) {
        return new KeyState(key, NONE, PERSISTENT, null, 0, database, readTime);
    }

    /** A key that exists but whose payload was not read because it would not fit in one record. */
    public static KeyState oversized(byte[] key, String type, long expireAt, long size, int database, long readTime) {
        return new KeyState(key, type, expireAt, null, size, database, readTime);
    }

    public boolean exists() {
        return !NONE.equals(type);
    }

    public boolean oversized() {
        return dump == null && exists();
    }

    public boolean persistent() {
        return expireAt == PERSISTENT;
    }
}
