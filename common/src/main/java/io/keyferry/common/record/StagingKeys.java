package io.keyferry.common.record;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys in which the sink assembles a big key before it renames it into place (docs/record-format.md):
 * {@code keyferry:staging:{<tag>}<key>} holds the parts written so far, {@code keyferry:chunks:{<tag>}<key>}
 * which copy they belong to and how many were written. The tag is a short text that hashes to the key's own
 * slot, so all three keys live in one slot and a Redis Cluster can rename one onto the other. Both carry an
 * expiry, so an abandoned copy cleans itself up.
 */
public final class StagingKeys {
    private static final byte[] STAGING = "keyferry:staging:{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER = "keyferry:chunks:{".getBytes(StandardCharsets.US_ASCII);
    /** For each slot, the shortest base-36 number that hashes to it. */
    private static final byte[][] TAGS = new byte[SlotHash.SLOT_COUNT][];

    static {
        int found = 0;
        for (int i = 0; found < SlotHash.SLOT_COUNT; i++) {
            byte[] tag = Integer.toString(i, 36).getBytes(StandardCharsets.US_ASCII);
            int slot = SlotHash.getSlot(tag);
            if (TAGS[slot] == null) {
                TAGS[slot] = tag;
                found++;
            }
        }
    }

    private StagingKeys() {
    }

    /** Where the parts of {@code key} are assembled. */
    public static byte[] staging(byte[] key) {
        return name(STAGING, key);
    }

    /** Which copy of {@code key} is being assembled, and how far. */
    public static byte[] marker(byte[] key) {
        return name(MARKER, key);
    }

    /** Whether a key is one of these, which a comparison of source and target leaves out. */
    public static boolean isStagingKey(byte[] key) {
        return startsWith(key, STAGING) || startsWith(key, MARKER);
    }

    private static byte[] name(byte[] prefix, byte[] key) {
        byte[] tag = TAGS[SlotHash.getSlot(key)];
        byte[] name = new byte[prefix.length + tag.length + 1 + key.length];
        System.arraycopy(prefix, 0, name, 0, prefix.length);
        System.arraycopy(tag, 0, name, prefix.length, tag.length);
        name[prefix.length + tag.length] = '}';
        System.arraycopy(key, 0, name, prefix.length + tag.length + 1, key.length);
        return name;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
