package io.keyferry.common.record;

import java.util.Objects;

/**
 * Where a record stands in the copy of a key too big for one record (docs/record-format.md, "Keys too big for
 * one record"): the copy's version, unique to one read of the key, and the part's index in it. The last part
 * is the record under the key itself and completes the copy; the parts before it have keys of their own
 * ({@link ChunkKeys}).
 *
 * @param version identifies one copy of the key: all its parts carry it
 * @param index   0 for the first part
 * @param last    whether this part completes the copy (it then holds {@code index + 1} parts in all)
 * @param readAt  when the copy began, Unix ms (its parts' {@code redis.event.time}): of two copies of a key, the
 *                later began later; 0 when unknown
 */
public record ChunkPosition(String version, int index, boolean last, long readAt) {
    public ChunkPosition(String version, int index, boolean last) {
        this(version, index, last, 0);
    }

    public ChunkPosition {
        Objects.requireNonNull(version, "version");
        if (version.isEmpty() || version.indexOf(' ') >= 0 || version.indexOf(';') >= 0) {
            throw new IllegalArgumentException("a chunk version must be a non-empty word without ';': '" + version
                    + "'");
        }
        if (index < 0) {
            throw new IllegalArgumentException("a chunk index cannot be negative: " + index);
        }
    }

    /**
     * The position a record's headers give, checked: a part names its index, and a last part's count of parts is
     * one more than its index.
     *
     * @param index  -1 when the headers give none
     * @param count  -1 when the headers give none (a part before the last)
     * @param readAt 0 when the headers do not say
     */
    public static ChunkPosition read(String version, long index, long count, long readAt) {
        if (index < 0) {
            throw new IllegalArgumentException("a part of a big key has no chunk index");
        }
        if (count >= 0 && count != index + 1) {
            throw new IllegalArgumentException("the last part of a big key has index " + index + " but chunk count "
                    + count);
        }
        return new ChunkPosition(version, Math.toIntExact(index), count >= 0, readAt);
    }

    /** How many parts the copy has; known at its last part only. */
    public int count() {
        if (!last) {
            throw new IllegalStateException("the number of parts is known at the last part only");
        }
        return index + 1;
    }
}
