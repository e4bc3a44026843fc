package io.keyferry.common.compare;

import io.keyferry.common.record.DumpPayload;

/**
 * What one side knows about a key before its value is read; {@link KeyProbes} read it.
 *
 * @param type TYPE answer, {@code none} when the key does not exist
 * @param pttl PTTL answer: milliseconds left, -1 when persistent, -2 when the key does not exist
 * @param dump DUMP answer, or null when the key does not exist, DUMP was refused (an ACL without it) or the key
 *     is too big to read whole
 * @param big  whether the key is too big to read whole ({@link CompareOptions#bigValueBytes()}): it is compared
 *     page by page
 */
record KeyProbe(String type, long pttl, byte[] dump, boolean big) {
    static final String NONE = "none";
    static final long PERSISTENT = -1;

    KeyProbe(String type, long pttl, byte[] dump) {
        this(type, pttl, dump, false);
    }

    boolean exists() {
        return !NONE.equals(type);
    }

    boolean persistent() {
        return pttl == PERSISTENT;
    }

    /**
     * Whether both sides serialize the same value the same way: then they hold the same value, and reading it
     * element by element is not needed. Otherwise (other encodings, another version's format) it is.
     */
    boolean sameSerializedValue(KeyProbe other) {
        return DumpPayload.sameValue(dump, other.dump);
    }
}
