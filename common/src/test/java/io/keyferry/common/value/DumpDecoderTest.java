package io.keyferry.common.value;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.DumpPayload;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder on DUMP payloads captured from real servers (Redis 6.2.6, Redis 7.0.15, Valkey 8.0.1), one per
 * encoding family, and on crafted payloads for what it must refuse. The integration test DumpDecoderIT
 * decodes every type written by the test data on each of those servers.
 */
class DumpDecoderTest {
    private final DumpDecoder decoder = new DumpDecoder();

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static ZSetValue.Member member(String name, double score) {
        return new ZSetValue.Member(b(name), score);
    }

    // Redis 7.0: SET s hello
    private static final String STRING_70 = "000568656c6c6f0a006372df766534200a";
    // Redis 7.0: ZADD z inf a -inf b 0.1 c -0 d 2.5 e (listpack, LZF-compressed)
    private static final String ZSET_LISTPACK_70 = "11c3343d1b3d0000000a00816202842d696e6605816402000181630293302e3130"
            + "e005000d311481650283322e350481610283202c0104ff0a00db9efcc138c17796";
    // Redis 6.2: ZADD z inf a -inf b 0.1 c 2.5 e (ziplist, LZF-compressed)
    private static final String ZSET_ZIPLIST_62 = "0cc3333c043c00000036200313080000016203042d696e660601630313302e3130"
            + "e005000d311501650303322e350501610303202700ff0900f195dd2f42e67108";
    // Valkey 8.0: SADD st x y 1 (set listpack, RDB type 20)
    private static final String SET_LISTPACK_VALKEY8 = "140f0f00000003008178028179020101ff0b0001397a6e444ae9f1";
    // Redis 7.0: SADD si 1 2 3 (intset)
    private static final String SET_INTSET_70 = "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b";
    // Redis 7.0: HSET h f v g w (listpack)
    private static final String HASH_LISTPACK_70 = "1013130000000400816602817602816702817702ff0a00d9dec5c9160fb235";
    // Redis 6.2: HSET h f v g w (ziplist)
    private static final String HASH_ZIPLIST_62 = "0d1717000000130000000400000166030176030167030177ff"
            + "0900b8d0a068a0e8a193";
    // Redis 7.0: RPUSH l a b c (quicklist 2)
    private static final String LIST_QUICKLIST2_70 = "12010210100000000300816102816202816302ff0a00c818b90c9533529e";
    // Redis 7.0 (type 19) and Valkey 8.0 (type 21): XADD x 1-1 f v; XADD x 1-2 f w g u; XADD x 2-0 a b;
    // XDEL x 1-2; XGROUP CREATE x grp 1-1
    private static final String STREAM_BODY =
            "0110000000000000000100000000000000014044440000001a000201010101018166020001"
            + "0201000100018176020401010100010101020181660281770281670281750208010001010"
            + "1dfff0201018161028162020601ff"
            + "02020001010102030103677270010181ffffffffffffffff0000";
    private static final String STREAM_70 = "13" + STREAM_BODY + "0a0093c610a6fea68c38";
    private static final String STREAM_VALKEY8 = "15" + STREAM_BODY + "0b00f0e8299753a39bec";
    // Redis 6.2 (type 15): XADD x 1-1 f v; XGROUP CREATE x grp 0
    private static final String STREAM_62 = "0f0110000000000000000100000000000000011d1d0000000a0001010001010181660200"
            + "010201000100018176020401ff01010101036772700000000009004000709482866e96";

    // RDB_TYPE_MODULE_2: 64-bit module type ID of "ReJSON-RL" encoding version 3, an unsigned integer 42, EOF.
    private static final String MODULE_VALUE = "078145e25238df912c03022a00";

    @Test
    void string() {
        assertEquals(new StringValue(b("hello")), decoder.decode(hex(STRING_70)));
    }

    @Test
    void sortedSetListpackKeepsInfinitiesAndExactScores() {
        ZSetValue zset = (ZSetValue) decoder.decode(hex(ZSET_LISTPACK_70));
        assertEquals(List.of(member("b", Double.NEGATIVE_INFINITY), member("d", 0), member("c", 0.1),
                member("e", 2.5), member("a", Double.POSITIVE_INFINITY)), zset.members());
    }

    @Test
    void sortedSetZiplistOfRedis62KeepsInfinities() {
        ZSetValue zset = (ZSetValue) decoder.decode(hex(ZSET_ZIPLIST_62));
        assertEquals(List.of(member("b", Double.NEGATIVE_INFINITY), member("c", 0.1), member("e", 2.5),
                member("a", Double.POSITIVE_INFINITY)), zset.members());
    }

    @Test
    void setEncodings() {
        assertEquals(new SetValue(List.of(b("x"), b("y"), b("1"))), decoder.decode(hex(SET_LISTPACK_VALKEY8)));
        assertEquals(new SetValue(List.of(b("1"), b("2"), b("3"))), decoder.decode(hex(SET_INTSET_70)));
    }

    @Test
    void hashEncodings() {
        HashValue expected = new HashValue(List.of(new FieldValue(b("f"), b("v")), new FieldValue(b("g"), b("w"))));
        assertEquals(expected, decoder.decode(hex(HASH_LISTPACK_70)));
        assertEquals(expected, decoder.decode(hex(HASH_ZIPLIST_62)));
    }

    @Test
    void list() {
        assertEquals(new ListValue(List.of(b("a"), b("b"), b("c"))), decoder.decode(hex(LIST_QUICKLIST2_70)));
    }

    @Test
    void streamOfRedis7AndValkey8LeavesDeletedEntriesOutAndKeepsPositions() {
        for (String payload : List.of(STREAM_70, STREAM_VALKEY8)) {
            StreamValue stream = (StreamValue) decoder.decode(hex(payload));
            assertEquals(List.of(
                    new StreamValue.Entry(new StreamId(1, 1), List.of(new FieldValue(b("f"), b("v")))),
                    new StreamValue.Entry(new StreamId(2, 0), List.of(new FieldValue(b("a"), b("b"))))),
                    stream.entries());
            assertEquals(new StreamId(2, 0), stream.lastId());
            assertEquals(new StreamId(1, 2), stream.maxDeletedId());
            assertEquals(3L, stream.entriesAdded());
            // XGROUP CREATE at an arbitrary ID leaves entries-read unknown: -1.
            assertEquals(List.of(new StreamValue.Group(b("grp"), new StreamId(1, 1), -1L)), stream.groups());
        }
    }

    @Test
    void streamOfRedis62HasNoCountersOfRedis7() {
        StreamValue stream = (StreamValue) decoder.decode(hex(STREAM_62));
        assertEquals(1, stream.entries().size());
        assertEquals(new StreamId(1, 1), stream.lastId());
        assertEquals(null, stream.maxDeletedId());
        assertEquals(null, stream.entriesAdded());
        assertEquals(List.of(new StreamValue.Group(b("grp"), StreamId.ZERO, null)), stream.groups());
    }

    @Test
    void corruptPayloadIsRefusedByItsChecksum() {
        byte[] payload = hex(HASH_LISTPACK_70);
        payload[5] ^= 0x5a;
        UndecodableValueException e = assertThrows(UndecodableValueException.class, () -> decoder.decode(payload));
        assertTrue(e.getMessage().contains("CRC64"), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void tooShortPayloadIsRefused() {
        assertThrows(UndecodableValueException.class, () -> decoder.decode(new byte[] {0, 10, 0}));
        assertThrows(UndecodableValueException.class, () -> decoder.decode(null));
    }

    @Test
    void moduleValueIsRefusedWithTheModuleName() {
        byte[] payload = DumpPayload.frame(hex(MODULE_VALUE), 10);
        UndecodableValueException e = assertThrows(UndecodableValueException.class, () -> decoder.decode(payload));
        assertTrue(e.getMessage().contains("module type 'ReJSON-RL'"), e.getMessage());
        assertTrue(e.getMessage().contains("RESTORE"), e.getMessage());
    }

    @Test
    void newerAndUnknownTypesAreRefusedWithTheirNumber() {
        UndecodableValueException fieldTtl = assertThrows(UndecodableValueException.class,
                () -> decoder.decode(DumpPayload.frame(new byte[] {24, 0, 0}, 12)));
        assertTrue(fieldTtl.getMessage().contains("field expirations"), fieldTtl.getMessage());
        UndecodableValueException unknown = assertThrows(UndecodableValueException.class,
                () -> decoder.decode(DumpPayload.frame(new byte[] {22, 0, 0}, 12)));
        assertTrue(unknown.getMessage().contains("RDB value type 22"), unknown.getMessage());
    }

    @Test
    void truncatedValueWithAValidChecksumIsRefused() {
        // A listpack hash cut short, re-framed so that the checksum matches: the parser runs out of bytes.
        byte[] value = hex(HASH_LISTPACK_70.substring(0, 20));
        UndecodableValueException e = assertThrows(UndecodableValueException.class,
                () -> decoder.decode(DumpPayload.frame(value, 10)));
        assertTrue(e.getMessage().contains("cannot be decoded"), e.getMessage());
    }

    @Test
    void bytesLeftAfterTheValueAreRefused() {
        byte[] string = hex("000568656c6c6f" + "00");
        UndecodableValueException e = assertThrows(UndecodableValueException.class,
                () -> decoder.decode(DumpPayload.frame(string, 10)));
        assertTrue(e.getMessage().contains("1 bytes after its value"), e.getMessage());
    }
}
