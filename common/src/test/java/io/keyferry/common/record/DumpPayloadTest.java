package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DumpPayloadTest {
    /** Redis 7.0.15: SET k hello, DUMP k = "\x00\x05hello\n\x00cr\xdfve4 \n". */
    private static final byte[] STRING_HELLO = {
            0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0x0a, 0x00,
            0x63, 0x72, (byte) 0xdf, 0x76, 0x65, 0x34, 0x20, 0x0a};

    /** Redis 7.0.15: RPUSH l a, DUMP l (a quicklist, RDB type 18). */
    private static final byte[] LIST_A = {
            0x12, 0x01, 0x02, 0x0a, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, (byte) 0x81, 'a', 0x02, (byte) 0xff,
            0x0a, 0x00,
            0x09, (byte) 0xb9, (byte) 0xed, (byte) 0xf5, (byte) 0x94, (byte) 0xde, (byte) 0xd9, (byte) 0x95};

    @Test
    void rdbVersionOfRealDumps() {
        assertEquals(10, DumpPayload.rdbVersion(STRING_HELLO));
        assertEquals(10, DumpPayload.rdbVersion(LIST_A));
    }

    @Test
    void rdbVersionIsLittleEndian() {
        byte[] payload = {0x00, 0x00, 0x01, 0x02, 1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(0x0201, DumpPayload.rdbVersion(payload));
    }

    @Test
    void rdbVersionOfPayloadsTooShortIsMinusOne() {
        assertEquals(-1, DumpPayload.rdbVersion(null));
        assertEquals(-1, DumpPayload.rdbVersion(new byte[0]));
        assertEquals(-1, DumpPayload.rdbVersion(new byte[10]));
        assertEquals(0, DumpPayload.rdbVersion(new byte[11]));
    }

    @Test
    void rdbTypeIsTheFirstByte() {
        assertEquals(0, DumpPayload.rdbType(STRING_HELLO));
        assertEquals(18, DumpPayload.rdbType(LIST_A));
        assertEquals(0xff, DumpPayload.rdbType(new byte[] {(byte) 0xff}));
        assertEquals(-1, DumpPayload.rdbType(new byte[0]));
        assertEquals(-1, DumpPayload.rdbType(null));
    }

    @Test
    void sameValueIgnoresTheVersionAndChecksumTrailer() {
        byte[] value = {0x00, 0x05, 'h', 'e', 'l', 'l', 'o'};
        assertTrue(DumpPayload.sameValue(DumpPayload.frame(value, 10), DumpPayload.frame(value, 11)));
        assertTrue(DumpPayload.sameValue(STRING_HELLO, STRING_HELLO.clone()));
        byte[] other = {0x00, 0x05, 'h', 'e', 'l', 'l', 'O'};
        assertFalse(DumpPayload.sameValue(DumpPayload.frame(value, 10), DumpPayload.frame(other, 10)));
        assertFalse(DumpPayload.sameValue(STRING_HELLO, null));
        assertFalse(DumpPayload.sameValue(STRING_HELLO, LIST_A));
    }
}
