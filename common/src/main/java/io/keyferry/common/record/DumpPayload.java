package io.keyferry.common.record;

import com.moilioncircle.redis.replicator.util.CRC64;
import java.util.Arrays;

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

    /**
     * Whether two payloads serialize the same value the same way: equal bytes before their trailers (the RDB
     * version and checksum may differ, as between servers of different versions writing the same encoding).
     */
    public static boolean sameValue(byte[] a, byte[] b) {
        if (a == null || b == null || a.length != b.length || a.length < TRAILER) {
            return false;
        }
        return Arrays.equals(a, 0, a.length - TRAILER, b, 0, b.length - TRAILER);
    }

    /**
     * Whether the CRC64 trailer matches the payload, as RESTORE checks it: the checksum (Jones polynomial,
     * as Redis computes it) of everything before the last 8 bytes, stored little-endian in them.
     */
    public static boolean checksumMatches(byte[] payload) {
        if (payload == null || payload.length < TRAILER) {
            return false;
        }
        return CRC64.crc64(payload, 0, payload.length - 8) == storedChecksum(payload);
    }

    private static long storedChecksum(byte[] payload) {
        long stored = 0;
        for (int i = payload.length - 1; i >= payload.length - 8; i--) {
            stored = stored << 8 | (payload[i] & 0xff);
        }
        return stored;
    }

    /**
     * Frames a serialized value (type byte first) as DUMP does: the value, the RDB version in two
     * little-endian bytes, and the CRC64 of both. For tools and tests that need a payload no server made.
     */
    public static byte[] frame(byte[] value, int rdbVersion) {
        byte[] payload = Arrays.copyOf(value, value.length + TRAILER);
        payload[value.length] = (byte) rdbVersion;
        payload[value.length + 1] = (byte) (rdbVersion >> 8);
        long crc = CRC64.crc64(payload, 0, value.length + 2);
        for (int i = 0; i < 8; i++) {
            payload[value.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return payload;
    }
}
