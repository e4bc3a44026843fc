package io.keyferry.common.record;

/**
 * Reads what the framing of a DUMP payload tells without decoding the value: the RDB value type (first
 * byte) and the RDB version (two little-endian bytes before the trailing 8-byte CRC64). The version is
 * what a target checks before accepting RESTORE: a payload newer than the target's RDB version is rejected.
 */
public final class DumpPayload {
    private static final int TRAILER = 10;

    private DumpPayload() {
    }

    /** @return the RDB version, or -1 if the payload is too short to carry one. */
    public static int rdbVersion(byte[] payload) {
        if (payload == null || payload.length < TRAILER + 1) {
            return -1;
        }
        int at = payload.length - TRAILER;
        return (payload[at] & 0xff) | (payload[at + 1] & 0xff) << 8;
    }

    /** @return the RDB value type byte, or -1 for an empty payload. */
    public static int rdbType(byte[] payload) {
        return payload == null || payload.length == 0 ? -1 : payload[0] & 0xff;
    }
}
