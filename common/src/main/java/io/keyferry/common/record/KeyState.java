package io.keyferry.common.record;

/**
 * The full state of one key as read at one moment: its type, absolute expiry and DUMP payload, read
 * together so that they belong to the same moment. A key that no longer exists has type {@code none}
 * and no payload: it becomes a tombstone.
 *
 * @param key      the key, raw bytes
 * @param type     the name TYPE answered (string, hash, list, set, zset, stream, a module's type name), or {@code none}
 * @param expireAt absolute expiry in Unix milliseconds, or {@link #PERSISTENT}
 * @param dump     the DUMP payload, null when the key is gone
 * @param database the database index the key was read from
 * @param readTime when the state was read, Unix milliseconds
 */
public record KeyState(byte[] key, String type, long expireAt, byte[] dump, int database, long readTime) {
    public static final long PERSISTENT = -1;
    public static final String NONE = "none";

    public static KeyState gone(byte[] key, int database, long readTime) {
        return new KeyState(key, NONE, PERSISTENT, null, database, readTime);
    }

    public boolean exists() {
        return dump != null;
    }

    public boolean persistent() {
        return expireAt == PERSISTENT;
    }
}
